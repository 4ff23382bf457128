/*
 * PCI configuration space (include/drivers/pci.h). Each function of each device on each bus
 * has 256 bytes of registers: who it is (vendor, device, class), where its registers are
 * (the BARs), and switches (I/O decoding, bus mastering). Mechanism #1 reaches them through
 * two ports: write the address of a register to 0xcf8, then read or write it at 0xcfc.
 *
 *   0xcf8:  31 enable | 23..16 bus | 15..11 slot | 10..8 function | 7..2 register | 1..0 = 0
 */
#include <drivers/pci.h>
#include <kernel/printk.h>
#include <asm/x86.h>

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc

static u32 config_address(u8 bus, u8 slot, u8 func, u8 offset)
{
	return 0x80000000u | (u32)bus << 16 | (u32)slot << 11 | (u32)func << 8 | (offset & 0xfc);
}

static u32 read_config(u8 bus, u8 slot, u8 func, u8 offset)
{
	outl(PCI_CONFIG_ADDRESS, config_address(bus, slot, func, offset));
	return inl(PCI_CONFIG_DATA);
}

u32 pci_read_config32(const struct pci_dev *dev, u8 offset)
{
	return read_config(dev->bus, dev->slot, dev->func, offset);
}

void pci_write_config32(const struct pci_dev *dev, u8 offset, u32 value)
{
	outl(PCI_CONFIG_ADDRESS, config_address(dev->bus, dev->slot, dev->func, offset));
	outl(PCI_CONFIG_DATA, value);
}

u16 pci_read_config16(const struct pci_dev *dev, u8 offset)
{
	return (u16)(pci_read_config32(dev, offset) >> ((offset & 2) * 8));
}

void pci_write_config16(const struct pci_dev *dev, u8 offset, u16 value)
{
	u32 v = pci_read_config32(dev, offset & 0xfc);
	unsigned shift = (offset & 2) * 8;

	v = (v & ~(0xffffu << shift)) | (u32)value << shift;
	pci_write_config32(dev, offset & 0xfc, v);
}

/* Fill dev from the configuration space of (bus, slot, func); false if nothing is there. */
static bool pci_probe(u8 bus, u8 slot, u8 func, struct pci_dev *dev)
{
	u32 id = read_config(bus, slot, func, 0x00), class;

	if ((id & 0xffff) == 0xffff)
		return false;
	class = read_config(bus, slot, func, 0x08);
	dev->bus = bus;
	dev->slot = slot;
	dev->func = func;
	dev->vendor = (u16)id;
	dev->device = (u16)(id >> 16);
	dev->class = (u8)(class >> 24);
	dev->subclass = (u8)(class >> 16);
	dev->prog_if = (u8)(class >> 8);
	dev->irq = (u8)read_config(bus, slot, func, 0x3c);
	return true;
}

/* The first function for which match(dev, key) holds, into *dev. */
static bool pci_scan(bool (*match)(const struct pci_dev *dev, u32 key), u32 key, struct pci_dev *dev)
{
	for (unsigned bus = 0; bus < 256; bus++)
		for (unsigned slot = 0; slot < 32; slot++)
			for (unsigned func = 0; func < 8; func++) {
				if (!pci_probe((u8)bus, (u8)slot, (u8)func, dev)) {
					if (func == 0)
						break;          /* no device in this slot */
					continue;
				}
				if (match(dev, key))
					return true;
			}
	return false;
}

static bool class_is(const struct pci_dev *dev, u32 key)
{
	return dev->class == key >> 8 && dev->subclass == (key & 0xff);
}

static bool id_is(const struct pci_dev *dev, u32 key)
{
	return dev->vendor == key >> 16 && dev->device == (key & 0xffff);
}

bool pci_find_class(u8 class, u8 subclass, struct pci_dev *dev)
{
	return pci_scan(class_is, (u32)class << 8 | subclass, dev);
}

bool pci_find_device(u16 vendor, u16 device, struct pci_dev *dev)
{
	return pci_scan(id_is, (u32)vendor << 16 | device, dev);
}

u16 pci_bar_io(const struct pci_dev *dev, int n)
{
	u32 bar = pci_read_config32(dev, (u8)(PCI_BAR0 + 4 * n));

	return (bar & 1) ? (u16)(bar & 0xfffc) : 0;
}

void pci_set_master(const struct pci_dev *dev)
{
	u16 cmd = pci_read_config16(dev, PCI_COMMAND);

	pci_write_config16(dev, PCI_COMMAND, cmd | PCI_COMMAND_MASTER | PCI_COMMAND_IO);
}
