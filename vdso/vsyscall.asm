; __kernel_vsyscall: how a C library enters the kernel when AT_SYSINFO names this function
; (glibc and musl then call it for every system call, with the system call's registers).
;
; sysenter jumps to the kernel without saving a return address or a stack pointer, and the
; kernel returns with iret to the instruction after "int $0x80" below (the landing), with esp
; as it was at sysenter. So the user registers sysenter's convention needs are saved on the user
; stack first: ebp becomes the stack pointer the kernel returns to, and the sixth argument (the
; caller's ebp) is read by the kernel from [ebp]. A system call that must start again (SA_RESTART)
; is sent back two bytes, onto the int $0x80, which makes it again the ordinary way.
section .text
bits 32
global __kernel_vsyscall
__kernel_vsyscall:
	push ecx
	push edx
	push ebp
	mov ebp, esp
	sysenter
	int 0x80                           ; a restarted call lands here
.landing:                              ; VSYSCALL_LANDING_OFFSET bytes from the start
	pop ebp
	pop edx
	pop ecx
	ret

; long __vdso_syscall2(long nr, long a, long b): int 0x80, for what the data page cannot answer.
; Its arguments come in registers (GCC's regparm(3): eax, edx, ecx), so the C functions that
; call it need no stack frame of their own on their fast path.
global __vdso_syscall2
__vdso_syscall2:
	push ebx
	mov ebx, edx
	int 0x80
	pop ebx
	ret
