; Program entry for programs built with the user library. The kernel starts a program here
; with the i386 SysV stack: [esp] = argc, then argv[], NULL, envp[], NULL, auxv.
section .text
bits 32
global _start
extern main
extern exit
extern environ
_start:
	xor ebp, ebp                       ; the outermost frame
	mov eax, [esp]                     ; argc
	lea ebx, [esp + 4]                 ; argv
	lea ecx, [ebx + eax * 4 + 4]       ; envp: after argv's NULL
	mov [environ], ecx
	and esp, -16                       ; the ABI's stack alignment for the call
	sub esp, 4
	push ecx
	push ebx
	push eax
	call main
	mov [esp], eax
	call exit
	hlt                                ; not reached: exit does not return

; long __syscall6(long nr, long a, long b, long c, long d, long e, long f)
; int 0x80 with the Linux i386 convention: eax = nr, ebx ecx edx esi edi ebp = arguments.
global __syscall6
__syscall6:
	push ebp
	push edi
	push esi
	push ebx
	mov eax, [esp + 20]
	mov ebx, [esp + 24]
	mov ecx, [esp + 28]
	mov edx, [esp + 32]
	mov esi, [esp + 36]
	mov edi, [esp + 40]
	mov ebp, [esp + 44]
	int 0x80
	pop ebx
	pop esi
	pop edi
	pop ebp
	ret

; Where a signal handler returns to (the restorer that signal_action installs with SA_RESTORER):
; the kernel's frame for a handler without SA_SIGINFO has the signal number on top; pop it and
; ask the kernel to restore the interrupted registers (sigreturn, 119). Never returns.
global __restore
__restore:
	pop eax
	mov eax, 119
	int 0x80
