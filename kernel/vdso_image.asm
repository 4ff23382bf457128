; The vDSO's image (build/gen/vdso.so, built from vdso/), embedded in the kernel's read-only data;
; kernel/vdso.c copies it into pages at boot and maps them into every process as [vdso].
section .rodata
align 4096
global vdso_image_start, vdso_image_end
vdso_image_start:
	incbin "vdso.so"
vdso_image_end:
