import { expect, it } from 'vitest';
import { describeEachDatabase } from './harness.ts';
import { seedDemo } from '../src/demo/seed.ts';

describeEachDatabase('shipping: demo data', (ctx) => {
  it('seeds three carriers, the flat fee as the default template, appliances by weight and figures free from ¥99, once', async () => {
    expect((await seedDemo(ctx(), { print: false })).shipping).toBe(true);
    expect((await seedDemo(ctx(), { print: false })).shipping).toBe(false);
    const owner = await ctx().staffSession('owner');
    const get = (url: string, headers = {}) => ctx().app.inject({ method: 'GET', url, headers });
    expect((await get('/api/admin/shipping/carriers?active=true', owner.headers)).json().items.map((c: { code: string }) => c.code)).toEqual(['SF', 'JD', 'ZTO']);
    const templates = (await get('/api/admin/shipping/templates', owner.headers)).json().items;
    expect(templates.map((t: { name: string; isDefault: boolean; chargeBy: string }) => [t.name, t.isDefault, t.chargeBy])).toEqual([
      ['默认运费', true, 'piece'],
      ['大家电（按重量）', false, 'weight'],
      ['手办模玩（满99包邮）', false, 'piece'],
    ]);
    expect(templates[1].productCount).toBeGreaterThan(0);
    expect(templates[2].productCount).toBeGreaterThan(0);

    const to = (province: string, city: string) => new URLSearchParams({ province, city }).toString();
    const fridge = (await get(`/api/products?q=${encodeURIComponent('冰箱')}`)).json().items[0];
    const shanghai = (await get(`/api/products/${fridge.id}/delivery?${to('上海市', '上海市')}`)).json();
    const urumqi = (await get(`/api/products/${fridge.id}/delivery?${to('新疆维吾尔自治区', '乌鲁木齐市')}`)).json();
    expect(shanghai).toMatchObject({ deliverable: true, deliveryDays: { minDays: 2, maxDays: 3 } });
    expect(urumqi).toMatchObject({ deliverable: true, deliveryDays: { minDays: 7, maxDays: 15 } });
    expect(urumqi.fee).toBeGreaterThan(shanghai.fee);
    expect((await get(`/api/products/${fridge.id}/delivery?${to('西藏自治区', '阿里地区')}`)).json()).toMatchObject({ deliverable: false, regionName: '西藏自治区阿里地区' });
    const figure = (await get(`/api/products?q=${encodeURIComponent('比例手办')}`)).json().items[0];
    expect((await get(`/api/products/${figure.id}/delivery?${to('广东省', '深圳市')}`)).json()).toMatchObject({ deliverable: true, fee: 0, free: true });
    const urumqiFigure = (await get(`/api/products/${figure.id}/delivery?${to('新疆维吾尔自治区', '乌鲁木齐市')}`)).json();
    expect(urumqiFigure).toMatchObject({ deliverable: true, deliveryDays: { minDays: 5, maxDays: 10 } });
  });
});
