// The sandbox gateway's hosted pages: small, self-contained, mobile first, Chinese with English.
import { formatMinorUnits } from '@mall/contract';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** No scripts, no outside resources; forms may post back here. */
export const SANDBOX_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;color:#222}
main{max-width:420px;margin:0 auto;padding:24px 16px}
.badge{display:inline-block;font-size:12px;color:#fff;background:#ff8f1f;border-radius:4px;padding:2px 8px}
.card{background:#fff;border-radius:12px;padding:24px 20px;margin-top:16px;text-align:center;box-shadow:0 1px 3px rgba(0,0,0,.06)}
.shop{font-size:15px;color:#666}.subject{font-size:14px;color:#888;margin-top:6px;word-break:break-all}
.amount{font-size:40px;font-weight:600;margin:18px 0 4px}.amount small{font-size:20px;margin-right:2px}
.en{font-size:12px;color:#999}.note{font-size:13px;color:#888;margin-top:14px}
form{margin:0}button{width:100%;border:0;border-radius:22px;font-size:16px;padding:12px;margin-top:14px;cursor:pointer}
.pay{background:#07c160;color:#fff}.fail{background:#fff;color:#ee0a24;border:1px solid #ee0a24}
a{color:#1989fa}
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><span class="badge">沙箱支付 Sandbox</span>${body}</main></body></html>`;
}

export function payPage(input: {
  shopName: string;
  subject: string;
  amount: number;
  paymentNo: string;
  captureMode: 'auto' | 'manual';
  status: 'pending' | 'succeeded' | 'authorized' | 'failed' | 'closed';
  expiresAt: Date;
}): string {
  const no = encodeURIComponent(input.paymentNo);
  const manual = input.captureMode === 'manual';
  const actions =
    input.status === 'pending'
      ? `<form method="post" action="/pay/sandbox/${no}/pay"><input type="hidden" name="confirm" value="1"><button class="pay" type="submit">${manual ? '授权 Authorise' : '支付成功 Pay'}</button></form>
<form method="post" action="/pay/sandbox/${no}/fail"><input type="hidden" name="confirm" value="1"><button class="fail" type="submit">支付失败 Fail</button></form>
<p class="note">${manual ? '预授权：先冻结金额，商家确认后扣款<br><span class="en">Authorisation only: the amount is held until the shop captures it</span>' : '这是测试网关，不会产生真实扣款<br><span class="en">A test gateway: no real money moves</span>'}</p>`
      : `<p class="note">${statusText(input.status)}</p>`;
  return layout(
    `${input.shopName} - 收银台`,
    `<div class="card"><div class="shop">${escapeHtml(input.shopName)}</div><div class="subject">${escapeHtml(input.subject)}</div>
<div class="amount"><small>¥</small>${formatMinorUnits(input.amount)}</div><div class="en">No. ${escapeHtml(input.paymentNo)} · 有效期至 valid until ${escapeHtml(input.expiresAt.toISOString().slice(0, 16).replace('T', ' '))} UTC</div>
${actions}</div>`,
  );
}

function statusText(status: string): string {
  switch (status) {
    case 'succeeded':
      return '该订单已支付 / Already paid';
    case 'authorized':
      return '该订单已授权 / Already authorised';
    case 'failed':
      return '支付失败 / The payment failed';
    default:
      return '交易已关闭或已过期 / The payment is closed or expired';
  }
}

export function messagePage(zh: string, en: string, returnUrl?: string): string {
  const back = returnUrl ? `<p class="note"><a href="${escapeHtml(returnUrl)}">返回商家 Back to the shop</a></p>` : '';
  return layout('沙箱支付 Sandbox', `<div class="card"><p>${escapeHtml(zh)}</p><p class="en">${escapeHtml(en)}</p>${back}</div>`);
}
