import { showLoadingToast, closeToast } from 'vant';
import { ordersApi } from '../api/orders.ts';
import { i18n } from '../i18n.ts';
import { toastError } from './useFeedback.ts';

export const LAST_ORDER_KEY = 'mall.shop.lastOrder';

/**
 * Starts the payment that is due on an order (full, deposit or balance) and sends the shopper to
 * the sandbox pay page; it returns to /?paymentNo=... when done. Resolves true when the order
 * needed no payment (points and coupons covered it).
 */
export async function payOrder(orderId: number): Promise<boolean> {
  showLoadingToast({ message: i18n.global.t('pay.going'), forbidClick: true, duration: 0 });
  try {
    const result = await ordersApi.pay(orderId);
    if (result.paid || !result.payUrl) {
      closeToast();
      return true;
    }
    try {
      sessionStorage.setItem(LAST_ORDER_KEY, String(orderId));
    } catch {
      // the result page falls back to the payment's own order reference
    }
    window.location.assign(result.payUrl);
    return false;
  } catch (error) {
    closeToast();
    toastError(error);
    return false;
  }
}
