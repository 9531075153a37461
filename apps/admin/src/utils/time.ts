/** Times: UTC ISO strings on the wire, the shop's time zone on screen and in inputs. */

const DEFAULT_ZONE = 'Asia/Shanghai';

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function partsIn(date: Date, timeZone: string): WallParts {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const get = (type: string) => Number(fmt.formatToParts(date).find((p) => p.type === type)?.value ?? '0');
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-11-23T08:00:00" as the wall clock of the zone shows it at that instant. */
export function toZonedWall(iso: string | Date, timeZone = DEFAULT_ZONE): string {
  const p = partsIn(typeof iso === 'string' ? new Date(iso) : iso, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** The offset of the zone from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(new Date(instant), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** A wall-clock time in the zone ("2026-11-23 08:00" or "…T08:00:00") → the UTC ISO instant. */
export function zonedWallToIso(wall: string, timeZone = DEFAULT_ZONE): string {
  const m = WALL.exec(wall.trim());
  if (!m) throw new RangeError(`not a date and time: ${wall}`);
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  let instant = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(instant, timeZone);
  if (second !== instant) instant = second;
  return new Date(instant).toISOString();
}

/** "2026-11-23 08:00" in the zone, for tables and details. */
export function formatTime(iso: string | null | undefined, timeZone = DEFAULT_ZONE, withSeconds = false): string {
  if (!iso) return '—';
  const wall = toZonedWall(iso, timeZone).replace('T', ' ');
  return withSeconds ? wall : wall.slice(0, 16);
}

export function formatDate(iso: string | null | undefined, timeZone = DEFAULT_ZONE): string {
  if (!iso) return '—';
  return toZonedWall(iso, timeZone).slice(0, 10);
}
