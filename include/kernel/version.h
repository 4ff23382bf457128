/* The banner printed first at boot; the build fills in the compiler (kernel/version.c). */
#pragma once

#define KERNEL_NAME "Pagoda"
#define KERNEL_VERSION "0.1"

extern const char kernel_banner[];
