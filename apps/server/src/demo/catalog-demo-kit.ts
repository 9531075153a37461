import type { z } from 'zod';
import type { createProductBody } from '@mall/contract';
import type { ArtSpec } from './demo-images.ts';

/** Shapes and helpers shared by the demo catalogue's data files. */

export interface DemoCategory {
  path: string[];
  nameEn: string;
  sortOrder: number;
}

export interface DemoProduct {
  categoryPath: string[];
  art: Omit<ArtSpec, 'seed'>;
  product: Omit<z.input<typeof createProductBody>, 'categoryId' | 'imageUrls'>;
}

export const html = (intro: string, points: string[]) => `<p>${intro}</p><ul>${points.map((p) => `<li>${p}</li>`).join('')}</ul>`;
export const FIGURE_NOTE = '<p><strong>温馨提示：</strong>手办为收藏品，外盒轻微压痕不属于质量问题；如有破损请在签收 48 小时内联系客服。</p>';
export const BLIND_BOX_NOTE = '<p>盲盒商品随机发货，拆封后不支持退换，隐藏款概率以官方公布为准。</p>';
export const APPLIANCE_WARRANTY = '整机保修一年，主要部件保修三年，全国联保，官方售后上门服务。';

export const PASTEL: [string, string] = ['#cdb4db', '#a2d2ff'];
