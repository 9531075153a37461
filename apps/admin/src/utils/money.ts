import { formatMinorUnits, parseMajorUnits } from '@mall/contract';

/** Fen from the API shown as "¥199.90". */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `¥${formatMinorUnits(fen)}`;
}

/** Fen as the plain decimal a money input edits ("199.90"). */
export function fenToInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  return formatMinorUnits(fen);
}

/**
 * A yuan amount typed by a person, exactly to fen (the string is parsed, never a float).
 * Empty → null; anything that is not a plain amount with at most two decimals → undefined.
 */
export function parseYuanInput(text: string | null | undefined): number | null | undefined {
  const trimmed = (text ?? '').trim().replace(/^¥/, '').replace(/,/g, '');
  if (trimmed === '') return null;
  try {
    return parseMajorUnits(trimmed);
  } catch {
    return undefined;
  }
}

/** A percentage typed by a person, at most two decimals, 0–100. Empty → null; invalid → undefined. */
export function parsePercentInput(text: string | null | undefined): number | null | undefined {
  const trimmed = (text ?? '').trim().replace(/%$/, '');
  if (trimmed === '') return null;
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(trimmed);
  if (!match) return undefined;
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (hundredths > 10_000) return undefined;
  return hundredths / 100;
}

/** A whole number typed by a person. Empty → null; invalid → undefined. */
export function parseIntInput(text: string | number | null | undefined): number | null | undefined {
  if (typeof text === 'number') return Number.isSafeInteger(text) ? text : undefined;
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return null;
  if (!/^-?\d{1,12}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
