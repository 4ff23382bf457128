/*
 * The PCI bus, as much as a disk controller and a network card need: configuration space
 * through ports 0xcf8/0xcfc (configuration mechanism #1), finding a device by class or by
 * vendor and device id, and its base address registers (BARs).
 */
#pragma once
#include <types.h>

struct pci_dev {
	u8 bus, slot, func;
	u16 vendor, device;
	u8 class, subclass, prog_if;
	u8 irq;                          /* interrupt line, as the firmware set it */
};

#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x1               /* decode I/O ports */
#define PCI_COMMAND_MEMORY 0x2           /* decode memory addresses */
#define PCI_COMMAND_MASTER 0x4           /* may start DMA: bus mastering */
#define PCI_BAR0 0x10                    /* BAR n at 0x10 + 4n */

u32 pci_read_config32(const struct pci_dev *dev, u8 offset);
void pci_write_config32(const struct pci_dev *dev, u8 offset, u32 value);
u16 pci_read_config16(const struct pci_dev *dev, u8 offset);
void pci_write_config16(const struct pci_dev *dev, u8 offset, u16 value);
/* The first device of this class and subclass, into *dev; false if there is none. */
bool pci_find_class(u8 class, u8 subclass, struct pci_dev *dev);
/* The first device with this vendor and device id, into *dev; false if there is none. */
bool pci_find_device(u16 vendor, u16 device, struct pci_dev *dev);
/* BAR n of an I/O-port BAR: the port base (0: none, or a memory BAR). */
u16 pci_bar_io(const struct pci_dev *dev, int n);
/* Let the device start DMA on its own (set the bus-master bit). */
void pci_set_master(const struct pci_dev *dev);
