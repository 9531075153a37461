// What other modules may use of the cart.
export { createCartService, type CartService, type CartIdentity } from './cart.service.ts';
export { selectedLinesForCheckout, removeItems, type CheckoutLine } from './cart-checkout.ts';
export type { CartPricing, QuoteLine } from './cart-view.ts';
export { cartRoutes } from './cart.routes.ts';
