import sanitizeHtml from 'sanitize-html';
import { SUPPORT_LIMITS, type ServicePointSearchResult } from '@mall/contract';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { regionProblems, type RegionNames } from '../../platform/regions.ts';
import { sanitizeDescription } from '../catalog/index.ts';

/** FAQ articles and warranty terms keep the same formatting product descriptions may have; scripts and handlers go. */
export const sanitizeRichText = sanitizeDescription;

/** The text a person reads in sanitised HTML: tags dropped, entities decoded, white space collapsed, lower-cased. */
export function plainText(html: string): string {
  const text = sanitizeHtml(html.replace(/<(br|\/p|\/div|\/li|\/h\d|\/tr|\/td|\/th)\b[^>]*>/gi, ' $&'), { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** What FAQ search matches against: title and body text. */
export function faqSearchText(title: string, sanitisedBody: string): string {
  return `${title} ${plainText(sanitisedBody)}`.normalize('NFKC').toLowerCase().trim();
}

/**
 * A search box's text as lower-cased terms, split on any white space (full-width too), at most 8.
 * Chinese has no spaces between words, so every term is matched as a substring. Empty is refused.
 */
export function faqSearchTerms(q: string): string[] {
  const terms = q.normalize('NFKC').toLowerCase().split(/[\s\u3000]+/u).filter(Boolean);
  if (terms.length === 0) throw new AppError('FAQ_SEARCH_EMPTY');
  return [...new Set(terms.map((t) => [...t].slice(0, SUPPORT_LIMITS.queryMax).join('')))].slice(0, 8);
}

/** Terms for the repair-network keyword box; empty means no keyword. */
export function keywordTerms(q: string | undefined): string[] {
  if (!q) return [];
  return [...new Set(q.normalize('NFKC').toLowerCase().split(/[\s\u3000]+/u).filter(Boolean))].slice(0, 8);
}

/** What a service point is found by: its name, address, region and tags. */
export function servicePointSearchText(point: { name: string; province: string; city: string; district: string; address: string; tags: string[] }): string {
  return [point.name, point.province, point.city, point.district, point.address, ...point.tags].join(' ').normalize('NFKC').toLowerCase();
}

const UNKNOWN = { province: 'REGION_UNKNOWN_PROVINCE', city: 'REGION_UNKNOWN_CITY', district: 'REGION_UNKNOWN_DISTRICT' } as const;

/** Refuses a region that is not a real Chinese division, naming each wrong field in the shopper's language. */
export function assertRealRegion(names: RegionNames, pathPrefix = ''): void {
  const problems = regionProblems(names);
  if (problems.length === 0) return;
  const fieldErrors: FieldError[] = problems.map((p) => {
    const path = `${pathPrefix}${p.path}`;
    if (p.kind === 'missing') return { path, message: p.message, code: 'REGION_CITY_REQUIRED' };
    return { path, message: p.message, code: UNKNOWN[p.path], params: { name: p.name, within: p.within ?? '' } };
  });
  throw new AppError('REGION_INVALID', {}, fieldErrors);
}

export type Scope = ServicePointSearchResult['scope'];
export interface RegionFilter {
  province: string;
  city?: string;
  district?: string;
}

/**
 * The regions to try, narrowest first: the level asked for, then each wider one up to the
 * province, so a shopper in a city without a point still sees the province's points.
 */
export function searchLadder(region: { province: string; city?: string | null; district?: string | null }): { scope: Scope; filter: RegionFilter }[] {
  const steps: { scope: Scope; filter: RegionFilter }[] = [];
  if (region.city && region.district) steps.push({ scope: 'district', filter: { province: region.province, city: region.city, district: region.district } });
  if (region.city) steps.push({ scope: 'city', filter: { province: region.province, city: region.city } });
  steps.push({ scope: 'province', filter: { province: region.province } });
  return steps;
}
