import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_UNIT_PRICE } from '@mall/contract';
import {
  applySkuPatches,
  buildCategoryTree,
  buildSearchText,
  categoryPath,
  descendantIds,
  priceRange,
  sanitizeDescription,
  searchTerms,
  specKeyOf,
  specMismatch,
  validateSkus,
  validateSpecs,
  wouldCreateCycle,
  type CategoryRow,
  type SkuDraft,
} from './catalog.rules.ts';

const sku = (specValues: Record<string, string>, extra: Partial<SkuDraft> = {}): SkuDraft => ({
  specValues,
  price: 1000,
  marketPrice: null,
  weightGrams: 0,
  barcode: null,
  skuCode: null,
  active: true,
  ...extra,
});
const colourSize = [
  { name: '颜色', values: ['白', '黑'] },
  { name: '尺寸', values: ['M', 'L'] },
];

describe('spec keys', () => {
  it('do not depend on the order of the dimensions', () => {
    expect(specKeyOf({ 颜色: '白', 尺寸: 'L' })).toBe(specKeyOf({ 尺寸: 'L', 颜色: '白' }));
    expect(specKeyOf({ 颜色: '白', 尺寸: 'L' })).not.toBe(specKeyOf({ 颜色: '黑', 尺寸: 'L' }));
    expect(specKeyOf({})).toBe('[]');
  });
  it('are equal exactly when the spec values are equal (property)', () => {
    const values = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('x', 'y'));
    fc.assert(fc.property(values, values, (a, b) => (specKeyOf(a) === specKeyOf(b)) === (JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort()))));
  });
});

describe('spec dimensions', () => {
  it('accepts distinct names and values', () => {
    expect(validateSpecs(colourSize)).toEqual([]);
  });
  it('refuses duplicate names, duplicate values and CSV separators', () => {
    const errors = validateSpecs([
      { name: '颜色', values: ['白', '白'] },
      { name: '颜色', values: ['a:b'] },
    ]);
    expect(errors.map((e) => e.path)).toEqual(['specs.0.values.1', 'specs.1.name', 'specs.1.values.0']);
  });
});

describe('SKUs against specs', () => {
  it('accepts SKUs that name every dimension with one of its values', () => {
    expect(validateSkus(colourSize, [sku({ 颜色: '白', 尺寸: 'M' }), sku({ 颜色: '黑', 尺寸: 'L' })])).toEqual([]);
  });
  it('refuses a missing dimension, an unknown dimension and an unknown value', () => {
    expect(specMismatch(colourSize, { 颜色: '白' })).toMatch(/尺寸/);
    expect(specMismatch(colourSize, { 颜色: '白', 尺寸: 'M', 材质: '布' })).toMatch(/材质/);
    expect(specMismatch(colourSize, { 颜色: '红', 尺寸: 'M' })).toMatch(/红/);
    const errors = validateSkus(colourSize, [sku({ 颜色: '红', 尺寸: 'M' })]);
    expect(errors).toEqual([{ path: 'skus.0.specValues', message: expect.stringContaining('红') }]);
  });
  it('refuses the same combination twice, even when one is inactive', () => {
    const errors = validateSkus(colourSize, [sku({ 颜色: '白', 尺寸: 'M' }), sku({ 尺寸: 'M', 颜色: '白' }, { active: false })]);
    expect(errors).toEqual([{ path: 'skus.1.specValues', message: 'same spec values as skus.0' }]);
  });
  it('a product without specs has exactly one SKU, with {}', () => {
    expect(validateSkus([], [sku({})])).toEqual([]);
    expect(validateSkus([], [sku({ 颜色: '白' })]).map((e) => e.path)).toEqual(['skus.0.specValues']);
    expect(validateSkus([], [sku({}), sku({}, { barcode: 'x' })]).map((e) => e.path)).toContain('skus');
  });
  it('needs at least one active SKU and at most 200', () => {
    expect(validateSkus([], [sku({}, { active: false })])[0]?.path).toBe('skus');
    const many = Array.from({ length: 201 }, (_, i) => sku({ 编号: String(i) }));
    const dims = [{ name: '编号', values: many.map((_, i) => String(i)) }];
    expect(validateSkus(dims, many).some((e) => e.message.includes('at most 200'))).toBe(true);
    expect(validateSkus(dims, many.slice(0, 200))).toEqual([]);
  });
  it('checks prices and barcodes', () => {
    const errors = validateSkus(colourSize, [
      sku({ 颜色: '白', 尺寸: 'M' }, { price: MAX_UNIT_PRICE + 1, barcode: '690' }),
      sku({ 颜色: '黑', 尺寸: 'M' }, { price: 1.5, marketPrice: -1, barcode: '690' }),
    ]);
    expect(errors.map((e) => e.path)).toEqual(['skus.0.price', 'skus.1.price', 'skus.1.marketPrice', 'skus.1.barcode']);
    expect(validateSkus([], [sku({}, { price: MAX_UNIT_PRICE, marketPrice: 0 })])).toEqual([]);
  });
});

describe('applying SKU patches', () => {
  const existing = [
    { ...sku({ 颜色: '白' }, { price: 100, marketPrice: 200 }), id: 1 },
    { ...sku({ 颜色: '黑' }, { price: 100 }), id: 2 },
  ];
  it('changes by id, adds without id, and notices price changes', () => {
    const result = applySkuPatches(existing, [{ id: 2, active: false }, { specValues: { 颜色: '红' }, price: 300, initialStock: 5 }]);
    expect(result.errors).toEqual([]);
    expect(result.skus.map((s) => [s.id, s.specValues, s.active, s.price])).toEqual([
      [1, { 颜色: '白' }, true, 100],
      [2, { 颜色: '黑' }, false, 100],
      [undefined, { 颜色: '红' }, true, 300],
    ]);
    expect(result.skus[2]?.initialStock).toBe(5);
    expect(result.pricesChanged).toBe(true);
  });
  it('a patch that leaves prices as they are is no price change', () => {
    expect(applySkuPatches(existing, [{ id: 1, price: 100, marketPrice: 200, weightGrams: 5 }]).pricesChanged).toBe(false);
    expect(applySkuPatches(existing, [{ id: 1, marketPrice: null }]).pricesChanged).toBe(true);
    expect(applySkuPatches(existing, [{ id: 1, barcode: '1' }]).pricesChanged).toBe(false);
  });
  it('reports unknown ids, repeated ids and incomplete new SKUs', () => {
    const result = applySkuPatches(existing, [{ id: 9 }, { id: 1 }, { id: 1 }, { price: 5 }]);
    expect(result.errors.map((e) => e.path)).toEqual(['skus.0.id', 'skus.2.id', 'skus.3.specValues']);
  });
});

describe('derived columns', () => {
  it('price range covers active SKUs only', () => {
    expect(priceRange([sku({}, { price: 500 }), sku({}, { price: 100, active: false }), sku({}, { price: 900 })])).toEqual({ min: 500, max: 900 });
    expect(priceRange([])).toEqual({ min: 0, max: 0 });
  });
  it('search text is title, subtitle, brand and code, lower-cased', () => {
    expect(buildSearchText({ title: '初音未来 Miku', subtitle: ' 限定版 ', brand: 'GSC', code: 'FIG-01' })).toBe('初音未来 miku 限定版 gsc fig-01');
    expect(buildSearchText({ title: 'A', subtitle: '', brand: '', code: 'X' })).toBe('a x');
  });
  it('search terms split on any whitespace (full-width too), lower-cased, deduplicated', () => {
    expect(searchTerms('  Miku\u3000手办  miku ')).toEqual(['miku', '手办']);
    expect(searchTerms(undefined)).toEqual([]);
    expect(searchTerms('a b c d e f g h i j')).toHaveLength(8);
  });
});

describe('description sanitising', () => {
  it('keeps basic formatting, links and images; drops scripts, handlers and javascript: URLs', () => {
    const html = sanitizeDescription(
      '<h2 onclick="x()">标题</h2><p style="text-align:center;position:fixed"><strong>粗</strong><a href="javascript:alert(1)">x</a><a href="https://a.cn">a</a></p><script>alert(1)</script><img src="/uploads/a.png" onerror="x"><img src="data:image/png;base64,AAAA"><iframe src="https://x"></iframe>',
    );
    expect(html).toContain('<h2>标题</h2>');
    expect(html).toContain('<p style="text-align:center"><strong>粗</strong>');
    expect(html).toContain('<a href="https://a.cn" rel="noopener noreferrer" target="_blank">a</a>');
    expect(html).toContain('<img src="/uploads/a.png" />');
    expect(html).not.toMatch(/script|onerror|onclick|javascript|data:|iframe|position/);
  });
  it('is stable: sanitising twice changes nothing', () => {
    const once = sanitizeDescription('<p>a<a href="https://a.cn">b</a><img src="https://x/y.png" alt="y"></p>');
    expect(sanitizeDescription(once)).toBe(once);
  });
});

describe('category trees', () => {
  const row = (id: number, parentId: number | null, name: string, sortOrder = 0): CategoryRow => ({ id, parentId, name, nameEn: null, iconUrl: null, sortOrder });
  const rows = [row(1, null, '手办'), row(2, 1, '比例手办'), row(3, 1, 'Q版手办', 5), row(4, 2, '1/7'), row(5, null, '家电', 9)];

  it('builds the tree, larger sortOrder first', () => {
    const tree = buildCategoryTree(rows);
    expect(tree.map((n) => n.name)).toEqual(['家电', '手办']);
    expect(tree[1]?.children.map((n) => n.name)).toEqual(['Q版手办', '比例手办']);
    expect(tree[1]?.children[1]?.children.map((n) => n.name)).toEqual(['1/7']);
  });
  it('finds descendants, paths and cycles', () => {
    expect(descendantIds(rows, 1).sort()).toEqual([1, 2, 3, 4]);
    expect(descendantIds(rows, 4)).toEqual([4]);
    expect(categoryPath(rows, 4).map((c) => c.name)).toEqual(['手办', '比例手办', '1/7']);
    expect(categoryPath(rows, null)).toEqual([]);
    expect(wouldCreateCycle(rows, 1, 4)).toBe(true);
    expect(wouldCreateCycle(rows, 1, 1)).toBe(true);
    expect(wouldCreateCycle(rows, 4, 3)).toBe(false);
    expect(wouldCreateCycle(rows, 2, null)).toBe(false);
  });
});
