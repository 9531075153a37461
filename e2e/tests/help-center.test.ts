import { describe, expect, it } from 'vitest';
import { useScenario } from '../support/scenario.ts';
import { skuByCode } from '../support/shop-data.ts';

/** The help centre (FAQ) and the warranty block of a product page, on a phone; the back-office pages at desktop size. */
const scenario = useScenario('help-center');

describe('help centre and warranty', () => {
  it('a shopper searches the FAQ in Chinese, reads an article and votes it helpful', async () => {
    const s = scenario();
    const opened = await s.phone();
    const { page, errors } = opened;
    await s.shopper(opened);
    await page.goto('/mine');
    await page.getByTestId('mine-help').click();
    await page.waitForURL(/\/help$/);
    await page.getByTestId('faq-articles').getByText('下单后多久发货？').waitFor();

    await page.getByTestId('faq-search').locator('input').fill('退款 申请');
    await page.getByTestId('faq-search').locator('input').press('Enter');
    const results = page.getByTestId('faq-results');
    await results.getByText('退款怎么申请？').waitFor();
    await s.shot(page, 'search-phone');
    await results.getByText('退款怎么申请？').click();

    await page.waitForURL(/\/help\/\d+$/);
    await page.getByTestId('faq-title').getByText('退款怎么申请？').waitFor();
    await page.getByTestId('vote-yes').click();
    await page.getByTestId('vote-yes').getByText('有帮助 1').waitFor();
    await s.shot(page, 'article-phone');
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('the product page of an appliance shows its warranty policy', async () => {
    const s = scenario();
    const owner = await s.owner();
    const fridge = await skuByCode(s.api, owner.token, 'FR-001-470S');
    const { page } = await s.phone();
    await page.goto(`/product/${fridge.productId}`);
    const block = page.getByTestId('product-warranty');
    await block.getByText('大家电全国联保 · 保修 12 个月').waitFor();
    await block.getByText('保修政策').click();
    await page.getByText('人为损坏、私自拆修不在保修范围内。').waitFor();
    await s.shot(page, 'warranty-phone');
  });

  it('staff see the FAQ, warranty and service-point pages in the back office', async () => {
    const s = scenario();
    const opened = await s.desktop();
    await opened.page.goto('/admin/');
    await s.owner(opened);
    const { page } = opened;
    await page.goto('/admin/support/faq');
    await page.getByText('退款与售后').first().waitFor();
    await s.shot(page, 'admin-faq-desktop');
    await page.goto('/admin/support/warranty');
    await page.getByText('大家电全国联保').waitFor();
    await s.shot(page, 'admin-warranty-desktop');
    await page.goto('/admin/support/service-points');
    await page.getByText('北京朝阳家电服务中心').waitFor();
    await s.shot(page, 'admin-service-points-desktop');
    expect(opened.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
