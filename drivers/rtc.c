/*
 * The CMOS real-time clock (the MC146818 every PC has, and QEMU emulates with the host's time,
 * in UTC): read once at boot, so that the wall clock (time, gettimeofday, CLOCK_REALTIME, file
 * times) says the date; the tick counter keeps it going from there.
 */
#include <kernel/time.h>
#include <kernel/printk.h>
#include <asm/x86.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_CENTURY 0x32          /* where PC firmware (and QEMU) keep it */
#define RTC_STATUS_A 0x0a         /* bit 7: an update is in progress */
#define RTC_STATUS_B 0x0b         /* bit 2: binary (else BCD); bit 1: 24-hour */

static u8 cmos_read(u8 reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static unsigned bcd(u8 v)
{
	return (v & 15) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to year-month-day: Linux's mktime64, which counts from March so that
 * February's leap day comes last in its year. */
static u32 days_since_epoch(unsigned year, unsigned month, unsigned day)
{
	int mon = (int)month - 2;

	if (mon <= 0) {
		mon += 12;
		year--;
	}
	return year / 4 - year / 100 + year / 400 + 367u * (unsigned)mon / 12 + day + year * 365 - 719499u;
}

u32 rtc_read_epoch(void)
{
	u8 sec, min, hour, day, mon, year, cent, b;

	for (int i = 0; i < 100000 && (cmos_read(RTC_STATUS_A) & 0x80); i++)
		;                         /* wait out an update (it takes under 2 ms) */
	sec = cmos_read(RTC_SECONDS);
	min = cmos_read(RTC_MINUTES);
	hour = cmos_read(RTC_HOURS);
	day = cmos_read(RTC_DAY);
	mon = cmos_read(RTC_MONTH);
	year = cmos_read(RTC_YEAR);
	cent = cmos_read(RTC_CENTURY);
	b = cmos_read(RTC_STATUS_B);
	if (!(b & 0x04)) {
		bool pm = hour & 0x80;
		sec = (u8)bcd(sec), min = (u8)bcd(min), hour = (u8)bcd(hour & 0x7f) | (pm ? 0x80 : 0);
		day = (u8)bcd(day), mon = (u8)bcd(mon), year = (u8)bcd(year), cent = (u8)bcd(cent);
	}
	if (!(b & 0x02) && (hour & 0x80))
		hour = (u8)(((hour & 0x7f) % 12) + 12);   /* 12-hour clock, PM */
	else if (!(b & 0x02) && hour == 12)
		hour = 0;
	hour &= 0x7f;
	unsigned full_year = (cent >= 19 && cent <= 30 ? cent : 20) * 100u + year;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || full_year < 1970) {
		pr_warn("rtc: the CMOS clock reads nonsense (%u-%u-%u); the date starts at 1970\n",
			full_year, mon, day);
		return 0;
	}
	return days_since_epoch(full_year, mon, day) * 86400u + hour * 3600u + min * 60u + sec;
}
