import type { CategoryNode, CreateCategoryBody, UpdateCategoryBody } from '@mall/contract';
import { recordAudit, diffFields, type StaffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { inTransaction, type Db, type DbOrTx, type Tx } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import * as repo from './catalog.repo.ts';
import { buildCategoryTree, wouldCreateCycle, type CategoryRow } from './catalog.rules.ts';
import { CATEGORY } from './catalog-views.ts';
import { mapConstraintError } from './catalog-product-writer.ts';

export interface CategoryDeps {
  db: Db;
  clock: Clock;
}

const nodeOf = (row: CategoryRow): CategoryNode => ({
  id: row.id,
  parentId: row.parentId,
  name: row.name,
  nameEn: row.nameEn,
  iconUrl: row.iconUrl,
  sortOrder: row.sortOrder,
  children: [],
});

async function assertNameFree(db: DbOrTx, parentId: number | null, name: string, exceptId?: number): Promise<void> {
  const rows = await repo.listCategories(db);
  if (rows.some((r) => r.parentId === parentId && r.name === name && r.id !== exceptId)) throw new AppError('CATEGORY_NAME_TAKEN', { name });
}

async function assertParentExists(db: DbOrTx, parentId: number | null | undefined): Promise<void> {
  if (parentId == null) return;
  if (!(await repo.findCategory(db, parentId))) throw new AppError('VALIDATION_FAILED', {}, [{ path: 'parentId', message: `no category ${parentId}` }]);
}

export function createCategoryUseCases(deps: CategoryDeps) {
  const { db, clock } = deps;

  async function categoryTree(): Promise<{ items: CategoryNode[] }> {
    return { items: buildCategoryTree(await repo.listCategories(db)) };
  }

  async function createCategory(ctx: StaffContext | null, body: CreateCategoryBody, outer?: Tx): Promise<CategoryNode> {
    try {
      return await inTransaction(db, outer, async (tx) => {
        const parentId = body.parentId ?? null;
        await assertParentExists(tx, parentId);
        await assertNameFree(tx, parentId, body.name);
        const now = clock.now();
        const row = await repo.insertCategory(tx, {
          parentId,
          name: body.name,
          nameEn: body.nameEn ?? null,
          iconUrl: body.iconUrl ?? null,
          sortOrder: body.sortOrder ?? 0,
          createdAt: now,
          updatedAt: now,
        });
        await recordAudit(tx, clock, ctx, { action: 'category.create', entityType: 'category', entityId: row.id, changes: { name: row.name, parentId } });
        return nodeOf(row);
      });
    } catch (error) {
      throw mapConstraintError(error);
    }
  }

  async function updateCategory(ctx: StaffContext, id: number, body: UpdateCategoryBody): Promise<CategoryNode> {
    try {
      return await db.transaction(async (tx) => {
        const rows = await repo.listCategories(tx);
        const before = rows.find((r) => r.id === id);
        if (!before) throw notFound(CATEGORY, id);
        const parentId = body.parentId === undefined ? before.parentId : body.parentId;
        if (body.parentId !== undefined) {
          await assertParentExists(tx, parentId);
          if (wouldCreateCycle(rows, id, parentId)) throw new AppError('CATEGORY_CYCLE');
        }
        const name = body.name ?? before.name;
        if (name !== before.name || parentId !== before.parentId) await assertNameFree(tx, parentId, name, id);
        const patch = { parentId, name, nameEn: body.nameEn, iconUrl: body.iconUrl, sortOrder: body.sortOrder };
        const changes = diffFields(before as unknown as Record<string, unknown>, patch);
        const row = await repo.updateCategory(tx, id, { ...patch, updatedAt: clock.now() });
        if (Object.keys(changes).length > 0) await recordAudit(tx, clock, ctx, { action: 'category.update', entityType: 'category', entityId: id, changes });
        return nodeOf(row!);
      });
    } catch (error) {
      throw mapConstraintError(error);
    }
  }

  async function deleteCategory(ctx: StaffContext, id: number): Promise<void> {
    await db.transaction(async (tx) => {
      const before = await repo.findCategory(tx, id);
      if (!before) throw notFound(CATEGORY, id);
      if ((await repo.countChildCategories(tx, id)) > 0) throw new AppError('CATEGORY_HAS_CHILDREN');
      if ((await repo.countProductsInCategory(tx, id)) > 0) throw new AppError('CATEGORY_HAS_PRODUCTS');
      await repo.deleteCategory(tx, id);
      await recordAudit(tx, clock, ctx, { action: 'category.delete', entityType: 'category', entityId: id, changes: { name: before.name, parentId: before.parentId } });
    });
  }

  /**
   * The category at a path of names (手办/比例手办), creating the missing levels, in the
   * caller's transaction. Returns its id and the paths it created.
   */
  async function ensureCategoryPath(tx: Tx, ctx: StaffContext | null, names: readonly string[]): Promise<{ id: number; created: string[] }> {
    const rows: CategoryRow[] = await repo.listCategories(tx);
    let parentId: number | null = null;
    const created: string[] = [];
    for (const [depth, name] of names.entries()) {
      const found: CategoryRow | undefined = rows.find((r) => r.parentId === parentId && r.name === name);
      if (found) {
        parentId = found.id;
        continue;
      }
      const node = await createCategory(ctx, { name, parentId }, tx);
      rows.push({ ...node });
      parentId = node.id;
      created.push(names.slice(0, depth + 1).join('/'));
    }
    return { id: parentId!, created };
  }

  return { categoryTree, createCategory, updateCategory, deleteCategory, ensureCategoryPath };
}
