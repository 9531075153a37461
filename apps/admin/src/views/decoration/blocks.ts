import { brokenCountIn, type DecorationBlock, type DecorationBlockType } from '@mall/contract';
import type { ResolvedBlock } from '../../api/decoration.ts';

export { DECORATION_BLOCK_TYPES as BLOCK_TYPES } from '@mall/contract';

const newKey = () => `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A new block of the type with sensible defaults (lists that need an entry start with a placeholder the merchant fills). */
export function newBlock(type: DecorationBlockType): DecorationBlock {
  const key = newKey();
  switch (type) {
    case 'banner':
      return { type, key, autoplay: true, images: [] };
    case 'imageGroup':
      return { type, key, columns: 2, images: [] };
    case 'productGrid':
      return { type, key, title: '', columns: 2, source: { kind: 'products', productIds: [] } };
    case 'presale':
      return { type, key, title: '', countdown: true, source: { kind: 'live', limit: 3 } };
    case 'coupons':
      return { type, key, title: '', templateIds: [] };
    case 'notice':
      return { type, key, text: '', link: null };
    case 'richText':
      return { type, key, html: '' };
  }
}

/** A copy of the list with the item at `index` moved by `by` places (no-op at the ends). */
export function moved<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= list.length) return [...list];
  const copy = [...list];
  [copy[index], copy[target]] = [copy[target]!, copy[index]!];
  return copy;
}

/** How many broken links or items a resolved block has (the editor marks it red). */
export function brokenIn(block: ResolvedBlock | undefined): number {
  return block ? brokenCountIn(block) : 0;
}
