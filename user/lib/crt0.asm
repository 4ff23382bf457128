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

; ---------------------------------------------------------------- threads and coroutines
; int __clone_thread(int flags, void *stack_top, int *ptid, void *tls, int *ctid,
;                    int (*fn)(void *), void *arg)
; clone (120) with the thread's stack: the new task starts on stack_top, where fn and arg were
; put, calls fn(arg) and ends with exit (1: this thread only) with what fn returned. The caller
; gets the new task's id, or -errno.
global __clone_thread
__clone_thread:
	push ebp
	push edi
	push esi
	push ebx
	mov ecx, [esp + 24]                ; the new stack: fn and arg on top of it
	and ecx, -16
	sub ecx, 16
	mov eax, [esp + 40]
	mov [ecx], eax
	mov eax, [esp + 44]
	mov [ecx + 4], eax
	mov ebx, [esp + 20]                ; flags
	mov edx, [esp + 28]                ; parent tid pointer
	mov esi, [esp + 32]                ; tls
	mov edi, [esp + 36]                ; child tid pointer
	mov eax, 120
	int 0x80
	test eax, eax
	jnz .caller
	xor ebp, ebp                       ; the new thread: the outermost frame
	pop eax                            ; fn; arg is now on top, as fn's argument
	call eax
	mov ebx, eax
	mov eax, 1                         ; exit: this thread
	int 0x80
	hlt
.caller:
	pop ebx
	pop esi
	pop edi
	pop ebp
	ret

; void ctx_switch(void **save_sp, void *next_sp)
; A coroutine switch, all in user mode: push the registers a C call must keep, save the stack
; pointer in *save_sp, take next_sp (saved by an earlier ctx_switch, or made by ctx_prepare)
; and pop that context's registers. No system call, no kernel, no TLB change.
global ctx_switch
ctx_switch:
	mov eax, [esp + 4]
	mov edx, [esp + 8]
	push ebp
	push ebx
	push esi
	push edi
	mov [eax], esp
	mov esp, edx
	pop edi
	pop esi
	pop ebx
	pop ebp
	ret
