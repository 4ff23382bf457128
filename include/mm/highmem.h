/*
 * Reaching pages that have no permanent kernel address (HighMem).
 *
 * kmap_atomic(page) maps the page into one of the fixmap's FIX_KMAP slots and returns its
 * address; kunmap_atomic(addr) removes it. Mappings nest like a stack and must be released in
 * the reverse order; they must not be held across anything that sleeps. A lowmem page needs no
 * slot: its direct-map address is returned.
 */
#pragma once
#include <types.h>

struct page;

void *kmap_atomic(struct page *page);
void kunmap_atomic(void *addr);

/* kmap_atomic slots in use now (nesting depth), and how many misuses were caught. */
extern unsigned kmap_atomic_depth;
extern unsigned long kmap_atomic_errors;

/* Zero a page, whichever zone it is in. */
void clear_highpage(struct page *page);
