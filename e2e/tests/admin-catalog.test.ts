import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useScenario } from '../support/scenario.ts';

/** A merchant builds the catalogue in the back office: categories, then a product with a SKU and an image. */
const scenario = useScenario('admin-catalog');

/** A 1×1 PNG, enough for the image upload. */
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

interface CategoryNode {
  id: number;
  name: string;
  nameEn: string | null;
  parentId: number | null;
  children: CategoryNode[];
}

function flatten(nodes: CategoryNode[]): CategoryNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

function tableRow(page: Page, text: string): Locator {
  return page.locator('.el-table__body tr').filter({ hasText: text }).first();
}

async function confirmBox(page: Page): Promise<void> {
  await page.locator('.el-message-box__btns .el-button--primary').click();
}

const CATEGORY = 'E2E 雕像';
const RENAMED = 'E2E 雕像与胸像';
const CHILD = 'E2E 胸像';

describe('categories', () => {
  it('creates a category, renames it, adds a sub-category and deletes it', async () => {
    const s = scenario();
    const owner = await s.owner();
    const opened = await s.desktop();
    const { page } = opened;
    await s.owner(opened);
    await page.goto('/admin/categories');
    await page.locator('.el-table__body tr').first().waitFor();

    // Create a top-level category.
    await page.getByRole('button', { name: '新建' }).click();
    const dialog = page.locator('.el-dialog').filter({ hasText: '分类名称' });
    // Saving without a name is refused, next to the field.
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.locator('.el-form-item__error').first().waitFor();
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByLabel('分类名称').fill(CATEGORY);
    await dialog.getByLabel('英文名').fill('Statues');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.locator('.el-message--success').filter({ hasText: '已保存' }).first().waitFor();
    await tableRow(page, CATEGORY).waitFor();
    let all = flatten((await s.api.get<{ items: CategoryNode[] }>('/api/admin/categories', owner.token)).items);
    const created = all.find((c) => c.name === CATEGORY);
    expect(created).toMatchObject({ nameEn: 'Statues', parentId: null });

    // Rename it.
    await tableRow(page, CATEGORY).getByRole('button', { name: '编辑' }).click();
    await expect.poll(() => dialog.getByLabel('分类名称').inputValue()).toBe(CATEGORY);
    await dialog.getByLabel('分类名称').fill(RENAMED);
    await dialog.getByRole('button', { name: '保存' }).click();
    await tableRow(page, RENAMED).waitFor();

    // A sub-category under it.
    await tableRow(page, RENAMED).getByRole('button', { name: '添加子分类' }).click();
    await dialog.getByLabel('分类名称').fill(CHILD);
    await dialog.getByRole('button', { name: '保存' }).click();
    await tableRow(page, CHILD).waitFor();
    await s.shot(page, 'categories-desktop', { fullPage: true });
    all = flatten((await s.api.get<{ items: CategoryNode[] }>('/api/admin/categories', owner.token)).items);
    expect(all.find((c) => c.id === created!.id)?.name).toBe(RENAMED);
    const child = all.find((c) => c.name === CHILD);
    expect(child?.parentId).toBe(created!.id);

    // Delete the sub-category.
    await tableRow(page, CHILD).getByRole('button', { name: '删除' }).click();
    await confirmBox(page);
    await page.locator('.el-message--success').filter({ hasText: '操作成功' }).first().waitFor();
    await expect.poll(() => page.locator('.el-table__body tr').filter({ hasText: CHILD }).count()).toBe(0);
    all = flatten((await s.api.get<{ items: CategoryNode[] }>('/api/admin/categories', owner.token)).items);
    expect(all.some((c) => c.name === CHILD)).toBe(false);
    expect(all.some((c) => c.name === RENAMED)).toBe(true);
  });
});

describe('products', () => {
  it('creates a product from scratch in the new category, with a SKU, then uploads its image', async () => {
    const s = scenario();
    const owner = await s.owner();
    const category = flatten((await s.api.get<{ items: CategoryNode[] }>('/api/admin/categories', owner.token)).items).find((c) => c.name === RENAMED);
    expect(category, 'the category the first test made').toBeDefined();
    const opened = await s.desktop();
    const { page } = opened;
    await s.owner(opened);
    await page.goto('/admin/products/new');
    const form = page.locator('form').first();
    await form.getByLabel('商品编码').waitFor();
    await form.getByLabel('商品编码').fill('E2E-STATUE-01');
    await form.getByLabel('标题', { exact: true }).fill('E2E 初音未来 1/7 雕像');
    await form.getByLabel('品牌').fill('E2E Studio');
    await form.locator('.el-form-item:has(> .el-form-item__label:text-is("分类"))').locator('.el-select').click();
    await page.keyboard.type('胸像');
    await page.getByRole('option', { name: RENAMED }).click();
    await form.getByLabel('规格 / Specs').fill('版本:普通版');

    const skuRow = form.locator('.el-table__body tr').first();
    await skuRow.getByPlaceholder('规格值格式：颜色=红;尺码=L').fill('版本=普通版');
    await skuRow.locator('td').nth(1).locator('input').fill('899');
    await skuRow.locator('td').nth(2).locator('input').fill('999');
    await skuRow.locator('td').nth(3).locator('input').fill('E2E-STATUE-01-STD');
    await skuRow.locator('td').nth(6).locator('input').fill('12');
    await s.shot(page, 'product-new-desktop');
    await page.getByTestId('product-save').click();

    await page.locator('.el-message--success').filter({ hasText: '已保存' }).first().waitFor();
    await page.waitForURL(/\/admin\/products\/\d+$/);
    const productId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { name: '编辑商品' }).waitFor();

    // The image, once the product exists.
    await page.locator('.el-upload input[type=file]').setInputFiles({ name: 'statue.png', mimeType: 'image/png', buffer: PIXEL_PNG });
    await expect.poll(() => page.locator('.images .el-image').count(), { timeout: 15_000 }).toBe(1);
    await page.locator('.images .el-image img').first().waitFor();
    await page.locator('.images').scrollIntoViewIfNeeded();
    await s.shot(page, 'product-saved-desktop');

    const saved = await s.api.get<{
      code: string;
      title: string;
      categoryId: number | null;
      brand: string;
      specs: { name: string; values: string[] }[];
      images: { url: string }[];
      skus: { skuCode: string | null; price: number; marketPrice: number | null; stock: number; specValues: Record<string, string> }[];
    }>(`/api/admin/products/${productId}`, owner.token);
    expect(saved).toMatchObject({ code: 'E2E-STATUE-01', title: 'E2E 初音未来 1/7 雕像', brand: 'E2E Studio', categoryId: category!.id });
    expect(saved.specs).toEqual([{ name: '版本', values: ['普通版'] }]);
    expect(saved.skus).toHaveLength(1);
    expect(saved.skus[0]).toMatchObject({ skuCode: 'E2E-STATUE-01-STD', price: 89_900, marketPrice: 99_900, stock: 12, specValues: { 版本: '普通版' } });
    expect(saved.images).toHaveLength(1);
    const image = await fetch(new URL(saved.images[0]!.url, s.baseUrl));
    expect(image.status).toBe(200);

    // The product list shows it.
    await page.goto('/admin/products');
    await tableRow(page, 'E2E-STATUE-01').waitFor();
  });
});
