import type { ProductWarranty, WarrantyPolicy, WarrantyPolicyBody, WarrantyPolicyPatch } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { diffFields, recordAudit, type StaffContext } from '../../platform/audit.ts';
import * as repo from './support.repo.ts';
import { sanitizeRichText } from './support.rules.ts';

const POLICY = { zh: '保修政策', en: 'Warranty policy' };
const PRODUCT_WARRANTY = { zh: '商品保修政策', en: 'Product warranty' };

const policyView = (row: repo.WarrantyPolicyRow, productCount: number): WarrantyPolicy => ({ ...row, productCount });

/** Warranty policies (保修政策) and which product carries which: at most one per product. */
export function createWarrantyService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function list() {
    const rows = await repo.listWarrantyPolicies(db);
    return { items: rows.map((r) => policyView(r, r.productCount)) };
  }

  async function get(id: number): Promise<WarrantyPolicy> {
    const row = await repo.findWarrantyPolicy(db, id);
    if (!row) throw notFound(POLICY, id);
    return policyView(row, await repo.countPolicyProducts(db, id));
  }

  async function create(ctx: StaffContext, body: WarrantyPolicyBody): Promise<WarrantyPolicy> {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const row = await repo.insertWarrantyPolicy(tx, { ...body, terms: sanitizeRichText(body.terms), createdAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'warranty_policy.create', entityType: 'warranty_policy', entityId: row.id, changes: { name: row.name, months: row.months, covers: row.covers } });
      return policyView(row, 0);
    });
  }

  async function update(ctx: StaffContext, id: number, patch: WarrantyPolicyPatch): Promise<WarrantyPolicy> {
    return db.transaction(async (tx) => {
      const before = await repo.findWarrantyPolicy(tx, id);
      if (!before) throw notFound(POLICY, id);
      const values = { ...patch, ...(patch.terms === undefined ? {} : { terms: sanitizeRichText(patch.terms) }), updatedAt: clock.now() };
      const row = await repo.updateWarrantyPolicy(tx, id, values);
      const { terms: _terms, ...plain } = values;
      const changes = { ...diffFields(before, { name: plain.name, months: plain.months, covers: plain.covers }), ...(row!.terms !== before.terms ? { terms: 'changed' } : {}) };
      await recordAudit(tx, clock, ctx, { action: 'warranty_policy.update', entityType: 'warranty_policy', entityId: id, changes });
      return policyView(row!, await repo.countPolicyProducts(tx, id));
    });
  }

  async function remove(ctx: StaffContext, id: number) {
    return db.transaction(async (tx) => {
      const count = await repo.countPolicyProducts(tx, id);
      if (count > 0) throw new AppError('WARRANTY_POLICY_IN_USE', { count });
      const row = await repo.deleteWarrantyPolicy(tx, id);
      if (!row) throw notFound(POLICY, id);
      await recordAudit(tx, clock, ctx, { action: 'warranty_policy.delete', entityType: 'warranty_policy', entityId: id, changes: { name: row.name } });
      return { ok: true as const };
    });
  }

  async function products(id: number) {
    if (!(await repo.findWarrantyPolicy(db, id))) throw notFound(POLICY, id);
    return { items: await repo.policyProducts(db, id) };
  }

  /** Gives each product this policy, replacing the one it had; unknown products are refused by index. */
  async function attach(ctx: StaffContext, id: number, productIds: number[]) {
    return db.transaction(async (tx) => {
      if (!(await repo.findWarrantyPolicy(tx, id))) throw notFound(POLICY, id);
      const unique = [...new Set(productIds)];
      const known = new Set(await repo.existingProductIds(tx, unique));
      const missing = productIds.map((pid, index) => ({ pid, index })).filter(({ pid }) => !known.has(pid));
      if (missing.length > 0) {
        const fieldErrors = missing.map((m) => ({ path: `productIds.${m.index}`, message: `No product ${m.pid}`, code: 'WARRANTY_PRODUCT_UNKNOWN' as const, params: { id: m.pid } }));
        throw new AppError('WARRANTY_PRODUCT_UNKNOWN', { id: missing.map((m) => m.pid).join(', ') }, fieldErrors);
      }
      await repo.attachPolicy(tx, id, unique, clock.now());
      await recordAudit(tx, clock, ctx, { action: 'warranty_policy.attach', entityType: 'warranty_policy', entityId: id, changes: { productIds: unique } });
      return { items: await repo.policyProducts(tx, id) };
    });
  }

  async function detach(ctx: StaffContext, productId: number) {
    return db.transaction(async (tx) => {
      const row = await repo.detachProduct(tx, productId);
      if (!row) throw notFound(PRODUCT_WARRANTY, productId);
      await recordAudit(tx, clock, ctx, { action: 'warranty_policy.detach', entityType: 'product', entityId: productId, changes: { policyId: row.policyId } });
      return { ok: true as const };
    });
  }

  /** The policy a product carries, for the product page and each order line; 404 when it has none. */
  async function ofProduct(productId: number): Promise<ProductWarranty> {
    const row = await repo.warrantyOfProduct(db, productId);
    if (!row) throw notFound(PRODUCT_WARRANTY, productId);
    const { policy } = row;
    return { productId, policyId: policy.id, name: policy.name, months: policy.months, terms: policy.terms, covers: policy.covers };
  }

  return { list, get, create, update, remove, products, attach, detach, ofProduct };
}

export type WarrantyService = ReturnType<typeof createWarrantyService>;
