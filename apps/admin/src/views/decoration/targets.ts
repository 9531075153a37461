import { catalogApi, type Category } from '../../api/catalog.ts';
import { presaleApi } from '../../api/presale.ts';
import { couponsApi } from '../../api/promotions.ts';
import { decorationApi } from '../../api/decoration.ts';

export type TargetKind = 'product' | 'category' | 'page' | 'presale' | 'coupon';
export interface TargetOption {
  id: number;
  label: string;
}

function flatten(nodes: Category[], prefix = ''): TargetOption[] {
  return nodes.flatMap((n) => [{ id: n.id, label: `${prefix}${n.name}` }, ...flatten(n.children, `${prefix}${n.name} / `)]);
}

/** What a link or a block can point at, searched by words (the first 20 that match). */
export async function searchTargets(kind: TargetKind, q: string): Promise<TargetOption[]> {
  const words = q.trim();
  switch (kind) {
    case 'product':
      return (await catalogApi.products({ page: 1, pageSize: 20, q: words || undefined })).items.map((p) => ({ id: p.id, label: `${p.title}${p.onShelf ? '' : '（已下架）'}` }));
    case 'category':
      return flatten((await catalogApi.categories()).items).filter((c) => c.label.includes(words));
    case 'page':
      return (await decorationApi.list()).items.filter((p) => p.title.includes(words) || p.slug.includes(words)).map((p) => ({ id: p.id, label: `${p.title}（/${p.slug}）` }));
    case 'presale':
      return (await presaleApi.list({ page: 1, pageSize: 20, q: words || undefined })).items.map((c) => ({ id: c.id, label: c.name }));
    case 'coupon':
      return (await couponsApi.list({ page: 1, pageSize: 50 })).items.filter((c) => c.name.includes(words)).map((c) => ({ id: c.id, label: c.name }));
  }
}
