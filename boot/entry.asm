; The first code that runs. GRUB or QEMU loads the kernel at KERNEL_LOAD_PHYS (1 MiB) and jumps
; to _start with paging off, eax = the Multiboot magic and ebx = the physical address of the
; Multiboot information. The kernel is linked at PAGE_OFFSET + 1 MiB, so until paging is on,
; every address of a symbol must have PAGE_OFFSET subtracted (V2P below).
;
; Steps:
;   1. fill EARLY_MAP_PGTS page tables mapping physical [0, EARLY_MAP_SIZE) page by page;
;   2. point the page directory at them twice: at PDE 0 (identity, so the instruction after
;      the one that enables paging can still be fetched) and at PDE KERNEL_PGD_INDEX
;      (virtual PAGE_OFFSET + x -> physical x: the start of the direct map);
;   3. load CR3, set CR0.PG, jump to the higher half, switch to the boot stack and call
;      start_kernel(magic, mbi). start_kernel removes the identity mapping.

%include "layout.inc"

%define V2P(x) ((x) - PAGE_OFFSET)
PTE_PRESENT_RW equ 0x003

section .multiboot
align 4
	dd MULTIBOOT_HEADER_MAGIC
	dd MULTIBOOT_HEADER_FLAGS
	dd -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)

section .bss
align PAGE_SIZE
global swapper_pg_dir
swapper_pg_dir:                         ; the kernel's page directory (Linux's name)
	resb PAGE_SIZE
global early_page_tables
early_page_tables:
	resb PAGE_SIZE * EARLY_MAP_PGTS
global boot_stack
boot_stack:
	resb THREAD_SIZE
boot_stack_top:

section .text
bits 32
global _start
_start:
	cli
	cld
	mov esi, eax                        ; keep the Multiboot magic (ebx, the info pointer,
	                                    ; is left alone by the loops below)

	; 1. page tables: entry i maps physical i * PAGE_SIZE
	mov edi, V2P(early_page_tables)
	mov eax, PTE_PRESENT_RW
	mov ecx, EARLY_MAP_PGTS * 1024
.fill_pte:
	stosd
	add eax, PAGE_SIZE
	loop .fill_pte

	; 2. page directory entries: identity and PAGE_OFFSET, both to the same page tables
	mov edi, V2P(swapper_pg_dir)
	mov eax, V2P(early_page_tables) + PTE_PRESENT_RW
	xor ecx, ecx
.fill_pde:
	mov [edi + ecx * 4], eax
	mov [edi + (KERNEL_PGD_INDEX + ecx) * 4], eax
	add eax, PAGE_SIZE
	inc ecx
	cmp ecx, EARLY_MAP_PGTS
	jb .fill_pde

	; 3. paging on
	mov eax, V2P(swapper_pg_dir)
	mov cr3, eax
	mov eax, cr0
	or eax, 0x80010000                  ; PG (paging) and WP (honour read-only pages in ring 0)
global enable_paging                        ; a name for GDB: break *(enable_paging - 0xC0000000)
enable_paging:
	mov cr0, eax                        ; <- from the next fetch on, addresses are virtual
	lea eax, [higher_half]
	jmp eax                             ; leave the identity mapping for PAGE_OFFSET + x

higher_half:
	mov esp, boot_stack_top
	xor ebp, ebp                        ; no caller frame: backtraces stop here
	push ebx                            ; start_kernel(magic, mbi_phys)
	push esi
	extern start_kernel
	call start_kernel
.hang:
	cli
	hlt
	jmp .hang
