import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
  CATALOG_LIMITS,
  MAX_UNIT_PRICE,
  PRODUCT_CSV_COLUMNS,
  PRODUCT_CSV_REQUIRED,
  createCategoryBody,
  createProductBody,
  formatMinorUnits,
  imageUrl,
  parseMajorUnits,
  productCode,
  skuInput,
  type ProductCsvColumn,
  type ProductKind,
  type ProductSource,
  type SpecDimension,
} from '@mall/contract';
import type { FieldError } from '../../platform/errors.ts';

/** The product CSV, both ways, as pure functions: one row per SKU, product columns repeated. */

export interface CsvSku {
  row: number;
  specValues: Record<string, string>;
  price: number;
  marketPrice?: number | null;
  weightGrams?: number;
  barcode?: string | null;
  skuCode?: string | null;
  stock?: number;
}

export interface CsvProductFields {
  title: string;
  subtitle?: string;
  description?: string;
  brand?: string;
  kind?: ProductKind;
  source?: ProductSource;
  afterSalesAllowed?: boolean;
  warrantyText?: string;
  onShelf?: boolean;
  sortOrder?: number;
}

export interface CsvProduct {
  code: string;
  rows: number[];
  fields: CsvProductFields;
  /** undefined: the file has no category column; null: no category. */
  categoryPath?: string[] | null;
  specs: SpecDimension[];
  skus: CsvSku[];
  imageUrls?: string[];
}

export interface ParsedCsv {
  products: CsvProduct[];
  columns: Set<ProductCsvColumn>;
  rowCount: number;
  errors: FieldError[];
}

const PRODUCT_COLUMNS = ['title', 'subtitle', 'category', 'brand', 'kind', 'source', 'after_sales', 'warranty', 'on_shelf', 'sort_order', 'image_urls', 'description'] as const;
const TRUE_WORDS = ['true', '1', 'yes', 'y', '是'];
const FALSE_WORDS = ['false', '0', 'no', 'n', '否'];
const KIND_WORDS: Record<string, ProductKind> = { physical: 'physical', 实物: 'physical', virtual: 'virtual', 虚拟: 'virtual', course: 'course', 课程: 'course' };
const SOURCE_WORDS: Record<string, ProductSource> = { own: 'own', 自营: 'own', supplier: 'supplier', 供应商: 'supplier' };

export const rowPath = (row: number, column: string) => `rows.${row}.${column}`;

class CellError extends Error {}

function bySchema<T>(schema: z.ZodType<T>, text: string): T {
  const result = schema.safeParse(text);
  if (!result.success) throw new CellError(result.error.issues[0]?.message ?? 'invalid');
  return result.data;
}

function word<T>(words: Record<string, T>, text: string): T {
  const found = words[text.toLowerCase()];
  if (found === undefined) throw new CellError(`must be one of ${Object.keys(words).join(', ')}`);
  return found;
}

function bool(text: string): boolean {
  if (TRUE_WORDS.includes(text.toLowerCase())) return true;
  if (FALSE_WORDS.includes(text.toLowerCase())) return false;
  throw new CellError('must be true or false');
}

function integer(text: string, min: number, max: number): number {
  if (!/^-?\d{1,12}$/.test(text)) throw new CellError('must be a whole number');
  const n = Number(text);
  if (n < min || n > max) throw new CellError(`must be from ${min} to ${max}`);
  return n;
}

export function parseMoney(text: string): number {
  let minor: number;
  try {
    minor = parseMajorUnits(text);
  } catch {
    throw new CellError('must be an amount in yuan like 199.00');
  }
  if (minor > MAX_UNIT_PRICE) throw new CellError(`must be at most ${formatMinorUnits(MAX_UNIT_PRICE)}`);
  return minor;
}

function requiredMoney(text: string): number {
  if (!text) throw new CellError('is required');
  return parseMoney(text);
}

/** "颜色:白;尺寸:L" → { 颜色: '白', 尺寸: 'L' }; '' → {}. */
export function parseSpecs(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf(':');
    const name = at < 0 ? '' : part.slice(0, at).trim();
    const value = at < 0 ? '' : part.slice(at + 1).trim();
    if (!name || !value) throw new CellError(`"${part}" is not name:value`);
    if (name in result) throw new CellError(`"${name}" is given twice`);
    result[name] = value;
  }
  return result;
}

export function formatSpecs(specs: readonly SpecDimension[], specValues: Record<string, string>): string {
  return specs
    .filter((dim) => specValues[dim.name] !== undefined)
    .map((dim) => `${dim.name}:${specValues[dim.name]}`)
    .join(';');
}

type Cells = Partial<Record<ProductCsvColumn, string>>;

function productFieldsOf(cells: Cells, fail: (column: string, message: string) => void) {
  const fields: Partial<CsvProductFields> = {};
  let categoryPath: string[] | null | undefined;
  let imageUrls: string[] | undefined;
  const cell = <T>(column: ProductCsvColumn, read: (text: string) => T, assign: (value: T) => void) => {
    const text = cells[column];
    if (text === undefined) return;
    try {
      assign(read(text));
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      fail(column, error.message);
    }
  };
  const shape = createProductBody.shape;
  cell('title', (t) => bySchema(shape.title, t), (v) => (fields.title = v));
  cell('subtitle', (t) => bySchema(shape.subtitle, t), (v) => (fields.subtitle = v));
  cell('description', (t) => bySchema(shape.description, t), (v) => (fields.description = v));
  cell('brand', (t) => bySchema(shape.brand, t), (v) => (fields.brand = v));
  cell('warranty', (t) => bySchema(shape.warrantyText, t), (v) => (fields.warrantyText = v));
  cell('kind', (t) => (t ? word(KIND_WORDS, t) : 'physical'), (v) => (fields.kind = v));
  cell('source', (t) => (t ? word(SOURCE_WORDS, t) : 'own'), (v) => (fields.source = v));
  cell('after_sales', (t) => (t ? bool(t) : true), (v) => (fields.afterSalesAllowed = v));
  cell('on_shelf', (t) => (t ? bool(t) : false), (v) => (fields.onShelf = v));
  cell('sort_order', (t) => (t ? integer(t, -1_000_000, 1_000_000) : 0), (v) => (fields.sortOrder = v));
  cell('category', (t) => (t ? t.split('/').map((name) => bySchema(createCategoryBody.shape.name, name)) : null), (v) => (categoryPath = v));
  cell(
    'image_urls',
    (t) => {
      const urls = t.split('|').map((u) => u.trim()).filter(Boolean);
      if (urls.length > CATALOG_LIMITS.imagesMax) throw new CellError(`at most ${CATALOG_LIMITS.imagesMax} images`);
      return urls.map((u) => bySchema(imageUrl, u));
    },
    (v) => (imageUrls = v),
  );
  return { fields, categoryPath, imageUrls };
}

function skuOf(row: number, cells: Cells, fail: (column: string, message: string) => void): CsvSku | undefined {
  const sku: Partial<CsvSku> = { row };
  const read = <T>(column: ProductCsvColumn, parseText: (text: string) => T, assign: (value: T) => void) => {
    const text = cells[column];
    if (text === undefined) return;
    try {
      assign(parseText(text));
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      fail(column, error.message);
    }
  };
  read('specs', parseSpecs, (v) => (sku.specValues = v));
  read('price', requiredMoney, (v) => (sku.price = v));
  read('market_price', (t) => (t ? parseMoney(t) : null), (v) => (sku.marketPrice = v));
  read('weight_grams', (t) => (t ? integer(t, 0, CATALOG_LIMITS.weightGramsMax) : 0), (v) => (sku.weightGrams = v));
  read('barcode', (t) => (t ? bySchema(skuInput.shape.barcode, t) : null), (v) => (sku.barcode = v ?? null));
  read('sku_code', (t) => (t ? bySchema(skuInput.shape.skuCode, t) : null), (v) => (sku.skuCode = v ?? null));
  read('stock', (t) => (t ? integer(t, 0, CATALOG_LIMITS.stockMax) : 0), (v) => (sku.stock = v));
  if (sku.price === undefined) return undefined;
  return { specValues: {}, ...sku } as CsvSku;
}

/** Spec dimensions from the SKUs' values, in order of first appearance. */
export function deriveSpecs(skus: readonly { specValues: Record<string, string> }[]): SpecDimension[] {
  const dims = new Map<string, string[]>();
  for (const sku of skus) {
    for (const [name, value] of Object.entries(sku.specValues)) {
      const values = dims.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      dims.set(name, values);
    }
  }
  return [...dims].map(([name, values]) => ({ name, values }));
}

/**
 * Spreadsheet programs run a cell that starts with = + - @ as a formula (CSV injection). On
 * export such a cell gets a leading apostrophe, which makes it text; import takes one off again,
 * so a round trip keeps every value, including values that themselves start with apostrophes.
 */
const FORMULA_LIKE = /^'*[=+\-@\t\r]/;
export const guardFormula = (cell: string): string => (FORMULA_LIKE.test(cell) ? `'${cell}` : cell);
export const unguardFormula = (cell: string): string => (cell.startsWith("'") && FORMULA_LIKE.test(cell) ? cell.slice(1) : cell);

function readTable(text: string, errors: FieldError[]): { header: string[]; records: string[][] } {
  try {
    const table: string[][] = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_quotes: false });
    return { header: (table[0] ?? []).map((h) => h.toLowerCase()), records: table.slice(1).map((row) => row.map(unguardFormula)) };
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    errors.push({ path: typeof line === 'number' ? `rows.${line}` : 'file', message: (error as Error).message });
    return { header: [], records: [] };
  }
}

/** Reads an import file: every cell checked, rows grouped by product code. Collects every error. */
export function parseProductCsv(text: string): ParsedCsv {
  const errors: FieldError[] = [];
  const { header, records } = readTable(text, errors);
  const columns = new Set<ProductCsvColumn>();
  header.forEach((name, i) => {
    if (!(PRODUCT_CSV_COLUMNS as readonly string[]).includes(name)) errors.push({ path: `header.${i}`, message: `unknown column "${name}"` });
    else if (columns.has(name as ProductCsvColumn)) errors.push({ path: `header.${i}`, message: `column "${name}" appears twice` });
    else columns.add(name as ProductCsvColumn);
  });
  if (errors.length === 0) {
    for (const name of PRODUCT_CSV_REQUIRED) if (!columns.has(name)) errors.push({ path: 'header', message: `missing column "${name}"` });
  }
  if (records.length > CATALOG_LIMITS.csvRowsMax) errors.push({ path: 'file', message: `at most ${CATALOG_LIMITS.csvRowsMax} rows` });
  if (errors.length > 0) return { products: [], columns, rowCount: records.length, errors };
  if (records.length === 0) return { products: [], columns, rowCount: 0, errors: [{ path: 'file', message: 'no rows' }] };

  const byCode = new Map<string, { product: CsvProduct; first: Cells; firstRow: number }>();
  records.forEach((record, index) => {
    const row = index + 2;
    const cells: Cells = Object.fromEntries(header.map((name, i) => [name, record[i] ?? '']));
    const fail = (column: string, message: string) => errors.push({ path: rowPath(row, column), message });
    let code: string | undefined;
    try {
      if (!cells.code) throw new CellError('is required');
      code = bySchema(productCode, cells.code);
    } catch (error) {
      fail('code', (error as Error).message);
    }
    const sku = skuOf(row, cells, fail);
    const group = code === undefined ? undefined : byCode.get(code);
    if (code === undefined) productFieldsOf(cells, fail); // still report its other bad cells
    else if (!group) {
      const { fields, categoryPath, imageUrls } = productFieldsOf(cells, fail);
      const product: CsvProduct = { code, rows: [row], fields: fields as CsvProductFields, categoryPath, imageUrls, specs: [], skus: sku ? [sku] : [] };
      byCode.set(code, { product, first: cells, firstRow: row });
      return;
    }
    if (!group) return;
    group.product.rows.push(row);
    if (sku) group.product.skus.push(sku);
    for (const column of PRODUCT_COLUMNS) {
      const value = cells[column];
      if (value && value !== group.first[column]) fail(column, `differs from row ${group.firstRow} of product ${code}`);
    }
  });
  const products = [...byCode.values()].map(({ product }) => ({ ...product, specs: deriveSpecs(product.skus) }));
  return { products, columns, rowCount: records.length, errors };
}

export interface CsvExportProduct {
  code: string;
  title: string;
  subtitle: string;
  categoryPath: string;
  brand: string;
  kind: ProductKind;
  source: ProductSource;
  afterSalesAllowed: boolean;
  warrantyText: string;
  onShelf: boolean;
  sortOrder: number;
  description: string;
  specs: SpecDimension[];
  imageUrls: string[];
  skus: { specValues: Record<string, string>; skuCode: string | null; price: number; marketPrice: number | null; weightGrams: number; barcode: string | null; stock: number }[];
}

/** Position of a SKU in its product's spec grid, for a stable row order. */
function specPosition(specs: readonly SpecDimension[], specValues: Record<string, string>): number[] {
  return specs.map((dim) => dim.values.indexOf(specValues[dim.name] ?? ''));
}

const comparePositions = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? -1) !== (b[i] ?? -1)) return (a[i] ?? -1) - (b[i] ?? -1);
  return 0;
};

/** The file, with a UTF-8 BOM so Excel reads the Chinese right. */
export function productsToCsv(products: readonly CsvExportProduct[]): string {
  const rows: string[][] = [];
  for (const p of [...products].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    const skus = [...p.skus].sort((a, b) => comparePositions(specPosition(p.specs, a.specValues), specPosition(p.specs, b.specValues)));
    for (const sku of skus) {
      const cells: Record<ProductCsvColumn, string> = {
        code: p.code,
        title: p.title,
        subtitle: p.subtitle,
        category: p.categoryPath,
        brand: p.brand,
        kind: p.kind,
        source: p.source,
        after_sales: String(p.afterSalesAllowed),
        warranty: p.warrantyText,
        on_shelf: String(p.onShelf),
        sort_order: String(p.sortOrder),
        specs: formatSpecs(p.specs, sku.specValues),
        sku_code: sku.skuCode ?? '',
        price: formatMinorUnits(sku.price),
        market_price: sku.marketPrice === null ? '' : formatMinorUnits(sku.marketPrice),
        weight_grams: String(sku.weightGrams),
        barcode: sku.barcode ?? '',
        stock: String(sku.stock),
        image_urls: p.imageUrls.join('|'),
        description: p.description,
      };
      rows.push(PRODUCT_CSV_COLUMNS.map((column) => guardFormula(cells[column])));
    }
  }
  return `\uFEFF${stringify([[...PRODUCT_CSV_COLUMNS], ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })}`;
}
