import type { ServicePoint, ServicePointBody, ServicePointPatch, ServicePointSearchQuery, ServicePointSearchResult } from '@mall/contract';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { diffFields, recordAudit, type StaffContext } from '../../platform/audit.ts';
import * as repo from './support.repo.ts';
import { assertRealRegion, keywordTerms, searchLadder, servicePointSearchText, type Scope } from './support.rules.ts';

const POINT = { zh: '服务网点', en: 'Service point' };

const pointView = (row: repo.ServicePointRow): ServicePoint => ({
  id: row.id,
  name: row.name,
  province: row.province,
  city: row.city,
  district: row.district,
  address: row.address,
  phone: row.phone,
  hours: row.hours,
  tags: row.tags,
  active: row.active,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const publicView = (row: repo.ServicePointRow) => {
  const { active: _a, createdAt: _c, updatedAt: _u, ...rest } = pointView(row);
  return rest;
};

/** The repair network (服务网点): staff keep the points; shoppers find them by region and keyword. */
export function createServicePointService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function list(filter: { q?: string; province?: string }) {
    const rows = await repo.listServicePoints(db, { terms: keywordTerms(filter.q), province: filter.province || undefined });
    return { items: rows.map(pointView) };
  }

  async function get(id: number): Promise<ServicePoint> {
    const row = await repo.findServicePoint(db, id);
    if (!row) throw notFound(POINT, id);
    return pointView(row);
  }

  async function create(ctx: StaffContext, body: ServicePointBody): Promise<ServicePoint> {
    assertRealRegion(body);
    return db.transaction(async (tx) => {
      const now = clock.now();
      const row = await repo.insertServicePoint(tx, { ...body, searchText: servicePointSearchText(body), createdAt: now, updatedAt: now });
      await recordAudit(tx, clock, ctx, { action: 'service_point.create', entityType: 'service_point', entityId: row.id, changes: body });
      return pointView(row);
    });
  }

  async function update(ctx: StaffContext, id: number, patch: ServicePointPatch): Promise<ServicePoint> {
    return db.transaction(async (tx) => {
      const before = await repo.findServicePoint(tx, id);
      if (!before) throw notFound(POINT, id);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ServicePointPatch;
      const next = { ...before, ...defined };
      assertRealRegion(next);
      const row = await repo.updateServicePoint(tx, id, { ...defined, searchText: servicePointSearchText(next), updatedAt: clock.now() });
      await recordAudit(tx, clock, ctx, { action: 'service_point.update', entityType: 'service_point', entityId: id, changes: diffFields(before, defined) });
      return pointView(row!);
    });
  }

  async function remove(ctx: StaffContext, id: number) {
    return db.transaction(async (tx) => {
      const row = await repo.deleteServicePoint(tx, id);
      if (!row) throw notFound(POINT, id);
      await recordAudit(tx, clock, ctx, { action: 'service_point.delete', entityType: 'service_point', entityId: id, changes: { name: row.name } });
      return { ok: true as const };
    });
  }

  /**
   * Active points in the shopper's region, narrowest level first; when the city (or district) has
   * none, the province's points, with `fellBack` saying so. Without a province, keyword only.
   */
  async function search(query: ServicePointSearchQuery): Promise<ServicePointSearchResult> {
    const terms = keywordTerms(query.q);
    if (!query.province) {
      if (terms.length === 0) throw new AppError('SERVICE_POINT_SEARCH_NEEDS_REGION');
      if (query.city || query.district) assertRealRegion({ province: '', city: query.city, district: query.district });
      const rows = await repo.findActivePoints(db, null, terms);
      return { items: rows.map(publicView), scope: 'keyword', requestedScope: 'keyword', fellBack: false };
    }
    assertRealRegion({ province: query.province, city: query.city, district: query.district });
    const ladder = searchLadder({ province: query.province, city: query.city, district: query.district });
    const requestedScope: Scope = ladder[0]!.scope;
    for (const step of ladder) {
      const rows = await repo.findActivePoints(db, step.filter, terms);
      if (rows.length > 0 || step.scope === 'province') {
        return { items: rows.map(publicView), scope: step.scope, requestedScope, fellBack: step.scope !== requestedScope };
      }
    }
    throw new Error('unreachable: the ladder ends with the province');
  }

  return { list, get, create, update, remove, search };
}

export type ServicePointService = ReturnType<typeof createServicePointService>;
