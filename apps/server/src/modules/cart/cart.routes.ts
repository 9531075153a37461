import type { FastifyReply, FastifyRequest } from 'fastify';
import { addCartItemBody, CART_COOKIE, cartView, idParam, selectCartItemsBody, updateCartItemBody } from '@mall/contract';
import type { App } from '../../platform/http.ts';
import type { CartIdentity, CartResult, CartService } from './cart.service.ts';

const COOKIE_PATH = '/api/cart';

/** Shopper or guest: the session decides who is signed in, the mall_cart cookie carries a guest cart. */
const identityOf = (request: FastifyRequest): CartIdentity => ({
  shopperId: request.actor?.kind === 'shopper' ? request.actor.id : null,
  guestToken: request.cookies[CART_COOKIE],
});

/**
 * The shopping cart, for guests and signed-in shoppers alike. A guest cart lives in an httpOnly
 * cookie; when a signed-in shopper's request still carries one, it is merged into their cart.
 */
export function cartRoutes(app: App, deps: { cart: CartService; cookieSecure: boolean }) {
  const { cart } = deps;
  const tags = ['shop: cart'];
  const response = { 200: cartView };

  function send(reply: FastifyReply, result: CartResult) {
    if (result.cookie?.action === 'set') {
      reply.setCookie(CART_COOKIE, result.cookie.token, {
        path: COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.cookieSecure,
        expires: result.cookie.expiresAt,
      });
    } else if (result.cookie?.action === 'clear') {
      reply.clearCookie(CART_COOKIE, { path: COOKIE_PATH });
    }
    return result.cart;
  }

  app.get('/api/cart', { schema: { tags, summary: 'My cart, with current prices, stock and problems per line', response } }, async (request, reply) =>
    send(reply, await cart.view(identityOf(request))),
  );

  app.post(
    '/api/cart/items',
    { schema: { tags, summary: 'Add a SKU to the cart (or add to its quantity)', body: addCartItemBody, response } },
    async (request, reply) => send(reply, await cart.addItem(identityOf(request), request.body)),
  );

  app.patch(
    '/api/cart/items/:id',
    { schema: { tags, summary: 'Change the quantity or selection of a cart line', params: idParam, body: updateCartItemBody, response } },
    async (request, reply) => send(reply, await cart.updateItem(identityOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/cart/items/:id',
    { schema: { tags, summary: 'Remove a line from the cart', params: idParam, response } },
    async (request, reply) => send(reply, await cart.removeItem(identityOf(request), request.params.id)),
  );

  app.post(
    '/api/cart/select',
    { schema: { tags, summary: 'Select or deselect lines for checkout', body: selectCartItemsBody, response } },
    async (request, reply) => send(reply, await cart.select(identityOf(request), request.body)),
  );

  app.delete('/api/cart', { schema: { tags, summary: 'Empty the cart', response } }, async (request, reply) => send(reply, await cart.clear(identityOf(request))));
}
