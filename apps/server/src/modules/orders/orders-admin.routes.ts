import { adminOrderDetail, adminOrderListQuery, adminOrderPage, closeOrderInput, idParam, orderRemarkInput, presaleBulkInput, presaleBulkResult, shipOrderInput } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { Auth } from '../../platform/auth.ts';
import { staffContext } from '../../platform/audit.ts';
import type { OrderService } from './orders.service.ts';

/** The back office: find, read, ship, close and annotate orders, export them. */
export function orderAdminRoutes(app: App, deps: { auth: Auth; orders: OrderService }) {
  const { auth, orders } = deps;
  const tags = ['admin: orders'];
  const read = auth.requireStaff('orders.read');
  const ship = auth.requireStaff('orders.ship');
  const manage = auth.requireStaff('orders.manage');

  app.get(
    '/api/admin/orders',
    { preHandler: read, schema: { tags, summary: 'Orders with filters and search, newest first, with counts per status', querystring: adminOrderListQuery, response: { 200: adminOrderPage } } },
    async (request) => orders.listForBackOffice(request.query),
  );
  app.get(
    '/api/admin/orders/export.csv',
    {
      preHandler: manage,
      schema: { tags, summary: 'The filtered orders as CSV, one row per order line, amounts in yuan (UTF-8 with BOM)', querystring: adminOrderListQuery, produces: ['text/csv'] },
    },
    async (request, reply) => {
      const csv = await orders.exportCsv(request.query);
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="orders.csv"');
      return csv;
    },
  );
  app.get(
    '/api/admin/orders/:id',
    { preHandler: read, schema: { tags, summary: 'One order in full, with the whole timeline', params: idParam, response: { 200: adminOrderDetail } } },
    async (request) => orders.getForStaff(request.params.id),
  );
  app.post(
    '/api/admin/orders/:id/ship',
    {
      preHandler: ship,
      schema: { tags, summary: 'Ship the order, or some of its units (partial shipment)', params: idParam, body: shipOrderInput, response: { 200: adminOrderDetail } },
    },
    async (request) => {
      await orders.ship(staffContext(request), request.params.id, request.body);
      return orders.getForStaff(request.params.id);
    },
  );
  app.post(
    '/api/admin/orders/:id/close',
    {
      preHandler: manage,
      schema: { tags, summary: 'Close a paid, unshipped order and refund it through its payment', params: idParam, body: closeOrderInput, response: { 200: adminOrderDetail } },
    },
    async (request) => {
      await orders.close(staffContext(request), request.params.id, request.body);
      return orders.getForStaff(request.params.id);
    },
  );
  app.post(
    '/api/admin/presale/campaigns/:id/orders/bulk',
    {
      preHandler: auth.requireStaff(),
      schema: {
        tags,
        summary: "Bulk action on a presale campaign's orders: ship (one tracking number each), close (deposit kept or refunded), or message the buyers",
        description: 'Needs orders.ship, orders.manage or marketing.manage by action. Each order moves in its own transaction; failures are listed per order.',
        params: idParam,
        body: presaleBulkInput,
        response: { 200: presaleBulkResult },
      },
    },
    async (request) => orders.presaleBulk(staffContext(request), request.params.id, request.body),
  );
  app.post(
    '/api/admin/orders/:id/remarks',
    { preHandler: ship, schema: { tags, summary: "Set the staff's remark on the order", params: idParam, body: orderRemarkInput, response: { 200: adminOrderDetail } } },
    async (request) => {
      await orders.remark(staffContext(request), request.params.id, request.body.remark);
      return orders.getForStaff(request.params.id);
    },
  );
}
