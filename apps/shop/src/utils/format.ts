import { formatMinorUnits, parseMajorUnits } from '@mall/contract';

/** 129900 → "¥1299.00"; negative amounts as "-¥10.00". */
export function yuan(fen: number): string {
  const text = formatMinorUnits(fen);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

/** A price range of fen, "¥69.00" or "¥69.00-¥828.00". */
/** A yuan amount typed by a shopper, exactly to fen (parsed as text, never through a float); null when it is not a plain amount. */
export function yuanToFen(text: string): number | null {
  try {
    return parseMajorUnits(text.trim().replace(/^¥/, ''));
  } catch {
    return null;
  }
}

export function priceRange(min: number, max: number): string {
  return min === max ? yuan(min) : `${yuan(min)}-${yuan(max)}`;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "2026-12-03 22:00" in the shop's time zone. */
export function dateTime(value: string | Date | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (!value) return '';
  const parts = partsOf(toDate(value), timeZone);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** "2026-12-03" in the shop's time zone. */
export function dateOnly(value: string | Date | null | undefined, timeZone = DEFAULT_TIME_ZONE): string {
  if (!value) return '';
  const parts = partsOf(toDate(value), timeZone);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function partsOf(date: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const part of format.formatToParts(date)) {
    if (part.type in out) out[part.type as keyof typeof out] = part.value;
  }
  return out;
}

export interface Remaining {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** Whole milliseconds left (0 once the target passed). */
  total: number;
}

/** Time left from `now` until `target`, split into d/h/m/s; all zero once passed. */
export function remaining(target: number, now: number): Remaining {
  const total = Math.max(0, target - now);
  const secondsAll = Math.floor(total / 1000);
  return {
    days: Math.floor(secondsAll / 86_400),
    hours: Math.floor((secondsAll % 86_400) / 3600),
    minutes: Math.floor((secondsAll % 3600) / 60),
    seconds: secondsAll % 60,
    total,
  };
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "颜色:红 / 尺码:L" style text of spec values, "" when none. */
export function specText(specValues: Record<string, string> | undefined | null): string {
  if (!specValues) return '';
  return Object.entries(specValues)
    .map(([, value]) => value)
    .join(' / ');
}
