#pragma once
void mem_devices_init(void);   /* /dev/null, zero, full, random, urandom (drivers/mem.c) */
