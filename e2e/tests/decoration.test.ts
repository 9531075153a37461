import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useScenario } from '../support/scenario.ts';
import { createDepositPresale, skuByCode } from '../support/shop-data.ts';

/** Store decoration from both sides: the merchant builds and publishes the home page, a shopper follows it to the campaign. */
const scenario = useScenario('decoration');

/** A small real PNG (a red 8×8 square) for the image upload; the server checks the bytes. */
const RED_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC',
  'base64',
);

describe('store decoration', () => {
  it('the merchant builds a home page with a presale block and an image linking to a campaign, publishes it, and a shopper follows it', async () => {
    const s = scenario();
    const owner = await s.owner();
    const sku = await skuByCode(s.api, owner.token, 'PRZ-002');
    const name = 'E2E 装修 樱花 Miku 定金预售';
    const campaign = await createDepositPresale(s.api, owner.token, { skuId: sku.skuId, name, presalePrice: 7_900, deposit: 1_000 });
    const imageFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'deco-')), 'banner.png');
    fs.writeFileSync(imageFile, RED_PNG);

    const admin = await s.desktop();
    await s.owner(admin);
    const page = admin.page;
    await page.goto('/admin/decoration');
    await page.getByTestId('deco-edit-home').click();
    await page.getByTestId('decoration-editor').waitFor();
    // Start from an empty page: remove what the demo published.
    const rows = page.getByTestId('deco-block-row');
    while ((await rows.count()) > 0) await rows.first().getByRole('button', { name: '✕' }).click();

    await page.getByTestId('deco-add-presale').click();
    await page.getByText('指定活动').click();
    await page.getByTestId('deco-presale-campaigns').click();
    await page.keyboard.type('装修');
    await page.getByRole('option', { name }).click();
    await page.keyboard.press('Escape');

    await page.getByTestId('deco-add-imageGroup').click();
    await page.locator('[data-testid="deco-image-upload"] input[type="file"]').setInputFiles(imageFile);
    await page.getByTestId('deco-image-row').first().waitFor();
    await page.getByTestId('deco-image-link-0-type').click();
    await page.getByRole('option', { name: '预售活动' }).click();
    await page.getByTestId('deco-image-link-0-target').click();
    await page.keyboard.type('装修');
    await page.getByRole('option', { name }).click();

    // The live preview (the shop at phone width) shows the campaign before anything is saved.
    const preview = page.frameLocator('[data-testid="deco-preview-frame"]');
    await preview.getByText(name).first().waitFor({ timeout: 15_000 });
    await preview.locator('[data-testid="deco-image"]').first().waitFor();
    await s.shot(page, 'admin-editor-desktop', { fullPage: true });

    await page.getByTestId('deco-publish').click();
    await page.getByText('已发布，顾客现在看到的是新版本').first().waitFor();
    const published = await s.api.get<{ blocks: { type: string; images?: { link: { path: string } }[] }[] }>('/api/pages/home');
    expect(published.blocks.map((b) => b.type)).toEqual(['presale', 'imageGroup']);
    expect(published.blocks[1]!.images![0]!.link.path).toBe(`/presale/${campaign.campaignId}`);

    const shop = await s.phone();
    await shop.page.goto('/');
    await shop.page.getByTestId('deco-presale-campaign').getByText(name).waitFor();
    await s.shot(shop.page, 'shop-home-phone', { fullPage: true });
    await shop.page.getByTestId('deco-image').first().click();
    await shop.page.waitForURL(new RegExp(`/presale/${campaign.campaignId}$`));
    await expect.poll(() => shop.page.getByTestId('campaign-name').innerText()).toBe(name);
    await s.shot(shop.page, 'shop-campaign-phone', { fullPage: true });
    // The presale block's 全部预售 leads to the presale zone, where the campaign is listed too.
    await shop.page.goBack();
    await shop.page.getByTestId('deco-presale-all').click();
    await shop.page.waitForURL(/\/presale$/);
    await shop.page.getByText(name).first().waitFor();

    // The campaign ends early: the editor marks the links red, the shop hides them.
    await s.api.post(`/api/admin/presale/campaigns/${campaign.campaignId}/end`, {}, { token: owner.token });
    await page.reload();
    await page.getByTestId('deco-broken-count').waitFor();
    expect(await page.locator('[data-testid="deco-block-row"].is-broken').count()).toBe(2);
    await s.shot(page, 'admin-editor-broken-desktop', { fullPage: true });
    // Both blocks are now empty and hidden, so the shop falls back to its default home.
    await shop.page.goto('/');
    await shop.page.getByTestId('presale-zone-entry').waitFor();
    expect(await shop.page.getByTestId('deco-image').count()).toBe(0);

    // 历史版本: the demo's page is still there; restored into the draft and published, the shop shows it again.
    await page.getByTestId('deco-history-open').click();
    const history = page.getByTestId('deco-history');
    await expect.poll(() => history.locator('tbody tr').count()).toBe(2);
    await page.waitForTimeout(400); // the drawer slides in; let it settle for the screenshot
    await s.shot(page, 'admin-history-desktop');
    await history.getByTestId('deco-restore').click();
    await page.getByRole('button', { name: 'OK' }).or(page.getByRole('button', { name: '确定' })).click();
    await page.getByText('已恢复为草稿，检查后点击发布').first().waitFor();
    await expect.poll(() => page.getByTestId('deco-block-row').count()).toBeGreaterThan(2);
    await page.getByTestId('deco-publish').click();
    await page.getByText('已发布，顾客现在看到的是新版本').first().waitFor();
    await shop.page.goto('/');
    await shop.page.getByTestId('deco-presale-campaign').first().waitFor();
  });
});
