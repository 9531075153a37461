// The shop's wall clock: what a moment reads as in the shop's time zone. One cached formatter per
// zone; every "day in the shop", order-number date and displayed time is built from it.

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  return format;
}

/** The moment as the zone's wall clock shows it. Throws RangeError for an unknown zone. */
export function wallClock(at: Date, timeZone: string): WallClock {
  const parts = formatIn(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-23": the calendar day in the zone. */
export function shopDay(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** "2026-11-23 10:30", or with seconds "2026-11-23 10:30:05". */
export function shopTime(at: Date, timeZone: string, withSeconds = false): string {
  const w = wallClock(at, timeZone);
  const minutes = `${shopDay(at, timeZone)} ${pad(w.hour)}:${pad(w.minute)}`;
  return withSeconds ? `${minutes}:${pad(w.second)}` : minutes;
}
