; Copying between the kernel and user memory. A user pointer may point anywhere below
; TASK_SIZE, mapped or not: each instruction that touches user memory has an entry in the
; exception table (__ex_table: instruction address, fixup address). When it faults on a page
; the process has no right to, the page-fault handler finds the entry and resumes at the fixup,
; which makes the copy return an error instead of oopsing (fixup_exception in kernel/uaccess.c).
;
; The C wrappers (kernel/uaccess.c) check the range against TASK_SIZE first.

section .text
bits 32

; unsigned long __copy_user(void *dst, const void *src, unsigned long n), regparm(3): dst in eax,
; src in edx, n in ecx (the C compiler's convention here: include/types.h).
; Returns the number of bytes NOT copied: 0 on success. Four bytes a move (rep movsd), then the
; last one to three (rep movsb). A fault in the word loop goes on byte by byte from where it
; stopped, so the copy ends exactly at the first byte it may not touch, as Linux's does.
global __copy_user
__copy_user:
	push esi
	push edi
	mov edi, eax
	mov esi, edx
	mov edx, ecx
	shr ecx, 2                         ; words
	and edx, 3                         ; and the bytes after them
.copy4:
	rep movsd                          ; a fault leaves ecx = words not yet copied
	mov ecx, edx
.copy1:
	rep movsb                          ; a fault leaves ecx = bytes not yet copied
.done:
	mov eax, ecx
	pop edi
	pop esi
	ret
.fault4:
	lea ecx, [ecx * 4 + edx]           ; every byte not yet copied, one at a time
	jmp .copy1

; long __strncpy_from_user(char *dst, const char *src, long n)
; Copies up to n bytes, stopping after a NUL. Returns the length without the NUL, n if no NUL
; was found within n bytes, or -14 (-EFAULT) on a fault.
global __strncpy_from_user
__strncpy_from_user:
	push esi
	push edi
	mov edi, [esp + 12]
	mov esi, [esp + 16]
	mov ecx, [esp + 20]
	xor edx, edx                       ; bytes copied
.next:
	cmp edx, ecx
	je .full
.load:
	mov al, [esi + edx]                ; may fault
	mov [edi + edx], al
	test al, al
	jz .found
	inc edx
	jmp .next
.found:
.full:
	mov eax, edx
	pop edi
	pop esi
	ret
.fault:
	mov eax, -14
	pop edi
	pop esi
	ret

; int __get_user_4(u32 *dst, const u32 *src): 0, or -EFAULT
global __get_user_4
__get_user_4:
	mov edx, [esp + 8]
.load4:
	mov eax, [edx]
	mov edx, [esp + 4]
	mov [edx], eax
	xor eax, eax
	ret
.fault4:
	mov eax, -14
	ret

section __ex_table
	dd __copy_user.copy4, __copy_user.fault4
	dd __copy_user.copy1, __copy_user.done
	dd __strncpy_from_user.load, __strncpy_from_user.fault
	dd __get_user_4.load4, __get_user_4.fault4
