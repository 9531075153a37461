// Spec §5, authorize strategy: the payment is authorised now and captured on shipment, which needs
// a provider that can authorise. With Alipay configured (it cannot, here) next to the sandbox (it
// can), the pre-order refuses Alipay with a clear error and takes the sandbox.
import { expect, it } from 'vitest';
import { alipaySetup } from './fakes/setup.ts';
import { describeWithGateway, type ProviderAppContext } from './fakes/provider-app.ts';
import { staff } from '../src/modules/accounts/accounts.tables.ts';
import { hashPassword } from '../src/platform/auth.ts';
import type { FakeAlipay } from './fakes/alipay-gateway.ts';
import { productBody } from './catalog-fixtures.ts';

async function bearer(ctx: ProviderAppContext<FakeAlipay>, kind: 'staff' | 'shopper') {
  const { app, clock } = ctx;
  const id =
    kind === 'shopper'
      ? await ctx.newShopperId()
      : (
          await app.db
            .insert(staff)
            .values({ username: `owner${Date.now()}`, displayName: 'owner', passwordHash: await hashPassword('secret-pass-1'), role: 'owner', createdAt: clock.now(), updatedAt: clock.now() })
            .returning()
        )[0]!.id;
  const { token } = await app.auth.issueSession(app.db, { kind, id });
  return { id, headers: { authorization: `Bearer ${token}` } };
}

describeWithGateway('pre-orders: authorize needs a provider that can authorise', alipaySetup, (ctx) => {
  it('§5 authorize: refuses a payment method that cannot authorise (PREORDER_AUTHORIZE_UNSUPPORTED), authorises with one that can', async () => {
    const { app, clock } = ctx();
    const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) => app.app.inject({ method, url, headers, payload: payload as never });
    const owner = await bearer(ctx(), 'staff');
    const buyer = await bearer(ctx(), 'shopper');
    const product = await inject('POST', '/api/admin/products', owner.headers, productBody({ title: '洗碗机 预订测试', skus: [{ specValues: {}, price: 399_900, initialStock: 0 }] }));
    expect(product.statusCode, product.body).toBe(201);
    const setting = await inject('PUT', `/api/admin/preorders/products/${product.json().id}`, owner.headers, {
      availableAt: new Date(clock.now().getTime() + 10 * 86_400_000).toISOString(),
      strategy: 'authorize',
    });
    expect(setting.statusCode, setting.body).toBe(200);
    const address = await inject('POST', '/api/me/addresses', buyer.headers, { receiver: '钱七', phone: '13912345678', province: '北京市', city: '北京市', district: '朝阳区', detail: '建国路 1 号' });
    const order = await app.app.inject({
      method: 'POST',
      url: '/api/orders',
      headers: { ...buyer.headers, 'idempotency-key': `k-${Date.now()}` },
      payload: { items: [{ skuId: product.json().skus[0].id, quantity: 1 }], addressId: address.json().id },
    });
    expect(order.statusCode, order.body).toBe(201);
    const refused = await inject('POST', `/api/orders/${order.json().id}/payments`, buyer.headers, { provider: 'alipay' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe('PREORDER_AUTHORIZE_UNSUPPORTED');
    expect(refused.json().title + (refused.json().detail ?? '')).toContain('alipay');
    const sandbox = await inject('POST', `/api/orders/${order.json().id}/payments`, buyer.headers, { provider: 'sandbox' });
    expect(sandbox.statusCode, sandbox.body).toBe(201);
    const [payment] = await app.services.payments.listForRef(app.db, 'order', String(order.json().id));
    expect(payment).toMatchObject({ provider: 'sandbox', capture: 'manual', status: 'pending' });
  });
});
