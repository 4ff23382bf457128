/*
 * GDT layout and segment selectors, the same as Linux i386 so that selectors seen in GDB or an
 * oops (CS 0x60, user DS 0x7b, ...) match what Linux shows.
 *
 *   selector:  15                3   2   1 0
 *             +-------------------+----+----+
 *             |   GDT index       | TI | RPL|   TI=0: GDT; RPL: requested privilege (0 or 3)
 *             +-------------------+----+----+
 */
#pragma once

#define GDT_ENTRY_TLS_MIN 6          /* 6..8: thread-local storage (set_thread_area) */
#define GDT_ENTRY_TLS_ENTRIES 3
#define GDT_ENTRY_KERNEL_CS 12
#define GDT_ENTRY_KERNEL_DS 13
#define GDT_ENTRY_USER_CS 14
#define GDT_ENTRY_USER_DS 15
#define GDT_ENTRY_TSS 16
#define GDT_ENTRY_DOUBLEFAULT_TSS 31 /* separate task for double faults (stack overflow) */
#define GDT_ENTRIES 32

#define __KERNEL_CS (GDT_ENTRY_KERNEL_CS * 8)       /* 0x60 */
#define __KERNEL_DS (GDT_ENTRY_KERNEL_DS * 8)       /* 0x68 */
#define __USER_CS (GDT_ENTRY_USER_CS * 8 + 3)       /* 0x73 */
#define __USER_DS (GDT_ENTRY_USER_DS * 8 + 3)       /* 0x7b */
#define GDT_ENTRY_TSS_SEL (GDT_ENTRY_TSS * 8)        /* 0x80 */
#define GDT_ENTRY_DF_TSS_SEL (GDT_ENTRY_DOUBLEFAULT_TSS * 8) /* 0xf8 */
