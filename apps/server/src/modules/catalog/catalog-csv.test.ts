import { describe, expect, it } from 'vitest';
import { PRODUCT_CSV_COLUMNS } from '@mall/contract';
import fc from 'fast-check';
import {
  deriveSpecs,
  formatSpecs,
  guardFormula,
  parseMoney,
  parseProductCsv,
  parseSpecs,
  productsToCsv,
  unguardFormula,
  type CsvExportProduct,
} from './catalog-csv.ts';

const product: CsvExportProduct = {
  code: 'FRIDGE-1',
  title: '海尔 冰箱, "大容量"',
  subtitle: '一级能效',
  categoryPath: '家电/冰箱',
  brand: '海尔',
  kind: 'physical',
  source: 'own',
  afterSalesAllowed: true,
  warrantyText: '整机三年',
  onShelf: true,
  sortOrder: 3,
  description: '<p>多行\n描述</p>',
  specs: [{ name: '容量', values: ['400L', '500L'] }, { name: '颜色', values: ['白', '金'] }],
  imageUrls: ['https://img.example/a.png', '/uploads/b.png'],
  skus: [
    { specValues: { 容量: '500L', 颜色: '白' }, skuCode: 'F-500-W', price: 499900, marketPrice: 599900, weightGrams: 80000, barcode: '6901', stock: 3 },
    { specValues: { 容量: '400L', 颜色: '金' }, skuCode: null, price: 399905, marketPrice: null, weightGrams: 0, barcode: null, stock: 0 },
  ],
};

describe('product CSV', () => {
  it('exports one row per SKU with a BOM, yuan prices, spec and image lists', () => {
    const csv = productsToCsv([product]);
    expect(csv.startsWith('\uFEFFcode,title,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(PRODUCT_CSV_COLUMNS.join(','));
    // rows follow the spec grid: 400L before 500L
    expect(lines[1]).toContain('容量:400L;颜色:金,,3999.05,,0,,0,');
    expect(lines[1]).toContain('"海尔 冰箱, ""大容量"""');
    expect(csv).toContain('容量:500L;颜色:白,F-500-W,4999.00,5999.00,80000,6901,3,https://img.example/a.png|/uploads/b.png');
  });

  it('reads back what it wrote', () => {
    const parsed = parseProductCsv(productsToCsv([product]));
    expect(parsed.errors).toEqual([]);
    expect(parsed.rowCount).toBe(2);
    const [p] = parsed.products;
    expect(p).toMatchObject({
      code: 'FRIDGE-1',
      rows: [2, 3],
      categoryPath: ['家电', '冰箱'],
      imageUrls: product.imageUrls,
      fields: { title: product.title, description: product.description, onShelf: true, sortOrder: 3, afterSalesAllowed: true, kind: 'physical' },
    });
    expect(p?.skus.map((s) => [s.specValues, s.price, s.marketPrice, s.barcode, s.skuCode, s.stock])).toEqual([
      [{ 容量: '400L', 颜色: '金' }, 399905, null, null, null, 0],
      [{ 容量: '500L', 颜色: '白' }, 499900, 599900, '6901', 'F-500-W', 3],
    ]);
    expect(p?.specs).toEqual([{ name: '容量', values: ['400L', '500L'] }, { name: '颜色', values: ['金', '白'] }]);
  });

  it('never exports a cell a spreadsheet would run as a formula, and reads such values back unchanged', () => {
    const risky = { ...product, title: '=HYPERLINK("http://evil","点我")', subtitle: "'=already quoted", brand: '@SUM(1)', warrantyText: '-2+3' };
    const csv = productsToCsv([risky]);
    const cells = csv.slice(1).split('\r\n').slice(1).join('\n');
    expect(cells).not.toMatch(/(^|,)"?[=+\-@]/m);
    const [p] = parseProductCsv(csv).products;
    expect(p?.fields).toMatchObject({ title: risky.title, subtitle: risky.subtitle, brand: risky.brand, warrantyText: risky.warrantyText });
  });

  it('guards and unguards any text losslessly', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(unguardFormula(guardFormula(text))).toBe(text);
        expect(guardFormula(text)).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it('reports every bad cell with its row and column, and keeps going', () => {
    const csv = [
      'code,title,price,market_price,kind,on_shelf,specs,weight_grams,category,image_urls',
      'A-1,好商品,12.345,,physical,true,,0,,',
      'A-1,,1.00,-5,,maybe,颜色,x,,',
      ',无编码,1.00,,,,,,,',
      'B 1,坏编码,1.00,,robot,,,,a//b,ftp://x',
      'C-1,,abc,,,,,,,',
    ].join('\n');
    const parsed = parseProductCsv(csv);
    expect(parsed.errors.map((e) => e.path).sort()).toEqual(
      [
        'rows.2.price',
        'rows.3.market_price',
        'rows.3.specs',
        'rows.3.weight_grams',
        'rows.3.on_shelf',
        'rows.4.code',
        'rows.5.code',
        'rows.5.kind',
        'rows.5.category',
        'rows.5.image_urls',
        'rows.6.price',
        'rows.6.title',
      ].sort(),
    );
    expect(parsed.errors.find((e) => e.path === 'rows.2.price')?.message).toMatch(/yuan/);
  });

  it('checks the header: unknown, repeated and missing columns', () => {
    expect(parseProductCsv('code,title,colour\nA,b,c').errors.map((e) => e.message)).toEqual(['unknown column "colour"']);
    expect(parseProductCsv('code,title,title,price\nA,b,b,1').errors[0]?.message).toMatch(/twice/);
    expect(parseProductCsv('code,title\nA,b').errors).toEqual([{ path: 'header', message: 'missing column "price"' }]);
    expect(parseProductCsv('code,title,price\n').errors).toEqual([{ path: 'file', message: 'no rows' }]);
    expect(parseProductCsv('code,title,price\n"A,b,1').errors[0]?.path).toMatch(/^rows\.|file/);
  });

  it('product columns of later rows must agree with the first row or be blank', () => {
    const parsed = parseProductCsv('code,title,brand,price,specs\nA,甲,GSC,1.00,色:红\nA,,,2.00,色:蓝\nA,乙,GSC,3.00,色:绿');
    expect(parsed.errors).toEqual([{ path: 'rows.4.title', message: 'differs from row 2 of product A' }]);
  });

  it('parses and formats specs and money', () => {
    expect(parseSpecs('颜色:白; 尺寸:L')).toEqual({ 颜色: '白', 尺寸: 'L' });
    expect(parseSpecs('')).toEqual({});
    expect(() => parseSpecs('颜色:白;颜色:黑')).toThrow(/twice/);
    expect(() => parseSpecs('颜色')).toThrow(/name:value/);
    expect(formatSpecs([{ name: '尺寸', values: ['L'] }, { name: '颜色', values: ['白'] }], { 颜色: '白', 尺寸: 'L' })).toBe('尺寸:L;颜色:白');
    expect(deriveSpecs([{ specValues: { a: '1' } }, { specValues: { a: '2', b: 'x' } }, { specValues: { a: '1' } }])).toEqual([
      { name: 'a', values: ['1', '2'] },
      { name: 'b', values: ['x'] },
    ]);
    expect(parseMoney('199')).toBe(19900);
    expect(parseMoney('0.5')).toBe(50);
    expect(() => parseMoney('100000000.01')).toThrow(/at most/);
    expect(() => parseMoney('1,000')).toThrow(/yuan/);
  });
});
