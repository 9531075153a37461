// The product form: SKU prices typed in yuan, spec values as "颜色=红;尺码=L".
import type { SpecDimension } from '@mall/contract';
import type { FieldError } from '../../api/http.ts';
import type { CreateProduct, Product, UpdateProduct } from '../../api/catalog.ts';
import { fenToInput, parseYuanInput } from '../../utils/money.ts';

export interface SkuForm {
  id: number | null;
  specText: string;
  price: string;
  marketPrice: string;
  skuCode: string;
  barcode: string;
  weightGrams: number | null;
  initialStock: number | null;
  active: boolean;
}

export interface ProductForm {
  code: string;
  title: string;
  subtitle: string;
  brand: string;
  categoryId: number | null;
  kind: 'physical' | 'virtual' | 'course';
  source: 'own' | 'supplier';
  afterSalesAllowed: boolean;
  warrantyText: string;
  onShelf: boolean;
  sortOrder: number;
  description: string;
  specsText: string;
  skus: SkuForm[];
}

export const emptySku = (): SkuForm => ({ id: null, specText: '', price: '', marketPrice: '', skuCode: '', barcode: '', weightGrams: 0, initialStock: 0, active: true });

export function emptyProductForm(): ProductForm {
  return { code: '', title: '', subtitle: '', brand: '', categoryId: null, kind: 'physical', source: 'own', afterSalesAllowed: true, warrantyText: '', onShelf: false, sortOrder: 0, description: '', specsText: '', skus: [emptySku()] };
}

/** "颜色=红;尺码=L" ⇄ { 颜色: '红', 尺码: 'L' } */
export function parseSpecValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(/[;；]/)) {
    const [name, value] = part.split(/[=＝]/).map((s) => s.trim());
    if (name && value) out[name] = value;
  }
  return out;
}
export const specValuesText = (values: Record<string, string>) => Object.entries(values).map(([k, v]) => `${k}=${v}`).join(';');

/** "颜色:红,蓝;尺码:S,M" ⇄ spec dimensions */
export function parseSpecs(text: string): SpecDimension[] {
  return text
    .split(/[;；]/)
    .map((part) => part.split(/[:：]/))
    .filter(([name, values]) => name?.trim() && values?.trim())
    .map(([name, values]) => ({ name: (name ?? '').trim(), values: (values ?? '').split(/[,，]/).map((v) => v.trim()).filter(Boolean) }));
}
export const specsText = (specs: SpecDimension[]) => specs.map((s) => `${s.name}:${s.values.join(',')}`).join(';');

export function productFormFrom(p: Product): ProductForm {
  return {
    code: p.code,
    title: p.title,
    subtitle: p.subtitle,
    brand: p.brand,
    categoryId: p.categoryId,
    kind: p.kind,
    source: p.source,
    afterSalesAllowed: p.afterSalesAllowed,
    warrantyText: p.warrantyText,
    onShelf: p.onShelf,
    sortOrder: p.sortOrder,
    description: p.description,
    specsText: specsText(p.specs),
    skus: p.skus.map((s) => ({
      id: s.id,
      specText: specValuesText(s.specValues),
      price: fenToInput(s.price),
      marketPrice: fenToInput(s.marketPrice),
      skuCode: s.skuCode ?? '',
      barcode: s.barcode ?? '',
      weightGrams: s.weightGrams,
      initialStock: null,
      active: s.active,
    })),
  };
}

function skuMoney(form: ProductForm, errors: FieldError[], message: string) {
  return form.skus.map((s, i) => {
    const price = parseYuanInput(s.price);
    const marketPrice = parseYuanInput(s.marketPrice);
    if (price === undefined || price === null) errors.push({ path: `skus.${i}.price`, message });
    if (marketPrice === undefined) errors.push({ path: `skus.${i}.marketPrice`, message });
    return { price: price ?? 0, marketPrice: marketPrice ?? null };
  });
}

export function createBody(form: ProductForm, moneyMessage: string): { body: CreateProduct; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const money = skuMoney(form, errors, moneyMessage);
  const body: CreateProduct = {
    code: form.code,
    title: form.title,
    subtitle: form.subtitle,
    brand: form.brand,
    categoryId: form.categoryId,
    kind: form.kind,
    source: form.source,
    afterSalesAllowed: form.afterSalesAllowed,
    warrantyText: form.warrantyText,
    onShelf: form.onShelf,
    sortOrder: form.sortOrder,
    description: form.description,
    specs: parseSpecs(form.specsText),
    skus: form.skus.map((s, i) => ({
      specValues: parseSpecValues(s.specText),
      price: money[i]?.price ?? 0,
      marketPrice: money[i]?.marketPrice ?? null,
      skuCode: s.skuCode || null,
      barcode: s.barcode || null,
      weightGrams: s.weightGrams ?? 0,
      initialStock: s.initialStock ?? 0,
    })),
  };
  return { body, errors };
}

export function updateBody(form: ProductForm, moneyMessage: string): { body: UpdateProduct; errors: FieldError[] } {
  const { body, errors } = createBody(form, moneyMessage);
  const { skus: _skus, ...rest } = body;
  return {
    errors,
    body: {
      ...rest,
      skus: form.skus.map((s, i) => {
        const created = body.skus[i];
        const base = { specValues: created?.specValues, price: created?.price, marketPrice: created?.marketPrice, skuCode: created?.skuCode, barcode: created?.barcode, weightGrams: created?.weightGrams };
        return s.id ? { id: s.id, ...base, active: s.active } : { ...base, initialStock: s.initialStock ?? 0 };
      }),
    },
  };
}
