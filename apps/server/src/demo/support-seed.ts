import { count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import { demoOwnerContext } from './demo-owner.ts';
import { categories, products } from '../modules/catalog/index.ts';
import { faqCategories, type SupportService } from '../modules/support/index.ts';

const APPLIANCE_CATEGORIES = ['电视', '冰箱', '洗衣机', '空调', '厨房电器'];

const FAQ = [
  {
    category: '订单与配送',
    articles: [
      { title: '下单后多久发货？', body: '<p>现货商品一般在付款后 <strong>48 小时内</strong>发货；预售商品按活动页写明的发货时间发出。</p>' },
      { title: '大家电送货上门吗？', body: '<p>冰箱、洗衣机、电视等大家电<strong>免费送货上门</strong>，签收前请当面验货。</p>' },
    ],
  },
  {
    category: '退款与售后',
    articles: [
      { title: '退款怎么申请？', body: '<p>进入「我的订单」→ 订单详情 → 申请售后，选择退款原因并提交即可。</p>' },
      { title: '退款多久到账？', body: '<p>审核通过后原路退回，一般 1–3 个工作日到账。</p>' },
      { title: '预售定金可以退吗？', body: '<p>定金在支付尾款前<strong>不退</strong>；因商家原因无法发货的，定金全额退还。</p>' },
    ],
  },
  {
    category: '保修与维修',
    articles: [{ title: '家电坏了去哪里修？', body: '<p>在「我的」→「服务网点」按省市查找就近的授权维修点，或拨打网点电话预约上门。</p>' }],
  },
];

const SERVICE_POINTS = [
  { name: '北京朝阳家电服务中心', province: '北京市', city: '北京市', district: '朝阳区', address: '建国路 88 号 SOHO 现代城 1 层', phone: '010-65001234', hours: '周一至周日 9:00-18:00', tags: ['电视', '冰箱', '洗衣机'] },
  { name: '上海浦东家电维修站', province: '上海市', city: '上海市', district: '浦东新区', address: '张杨路 500 号', phone: '021-58001234', hours: '周一至周六 9:00-17:30', tags: ['空调', '冰箱'] },
  { name: '深圳南山授权服务中心', province: '广东省', city: '深圳市', district: '南山区', address: '科技园南路 16 号', phone: '0755-86001234', hours: '周一至周日 9:00-18:00', tags: ['电视', '空调', '厨房电器'] },
  { name: '广州天河家电服务站', province: '广东省', city: '广州市', district: '天河区', address: '天河路 208 号', phone: '020-38001234', hours: '周一至周五 9:00-18:00', tags: ['洗衣机', '冰箱'] },
];

/**
 * Demo customer-service information: a few FAQ articles, one warranty policy on the appliances,
 * service points in three cities. Created once, by the demo owner, when there is no FAQ yet.
 */
export async function seedDemoSupport(deps: { db: Db; support: SupportService }): Promise<boolean> {
  const { db, support } = deps;
  const [existing] = await db.select({ n: count() }).from(faqCategories);
  if ((existing?.n ?? 0) > 0) return false;
  const ctx = await demoOwnerContext(db);
  if (!ctx) return false;
  for (const [index, group] of FAQ.entries()) {
    const category = await support.faq.createCategory(ctx, { name: group.category, sort: FAQ.length - index, visible: true });
    for (const [i, article] of group.articles.entries()) {
      await support.faq.createArticle(ctx, { categoryId: category.id, ...article, published: true, sort: group.articles.length - i });
    }
  }
  const policy = await support.warranty.create(ctx, {
    name: '大家电全国联保',
    months: 12,
    terms: '<p>整机保修 <strong>1 年</strong>起，部件的更长保修以商品页的保修说明为准；全国联保，可到就近服务网点或预约上门维修。</p><p>人为损坏、私自拆修不在保修范围内。</p>',
    covers: ['整机', '主要部件', '上门维修'],
  });
  const appliances = await db
    .select({ id: products.id })
    .from(products)
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(inArray(categories.name, APPLIANCE_CATEGORIES));
  if (appliances.length > 0) await support.warranty.attach(ctx, policy.id, appliances.map((p) => p.id));
  for (const point of SERVICE_POINTS) await support.servicePoints.create(ctx, { ...point, active: true });
  return true;
}
