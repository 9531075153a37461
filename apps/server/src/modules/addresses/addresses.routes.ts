import { createAddressBody, idParam, okSchema, shopperAddress, shopperAddressList, updateAddressBody } from '@mall/contract';
import { shopperOf, type Auth } from '../../platform/auth.ts';
import type { App } from '../../platform/http.ts';
import type { AddressService } from './addresses.service.ts';

/** The signed-in shopper's address book: /api/me/addresses. */
export function addressRoutes(app: App, deps: { auth: Auth; addresses: AddressService }) {
  const { auth, addresses } = deps;
  const tags = ['shop: addresses'];
  const preHandler = auth.requireShopper();

  app.get(
    '/api/me/addresses',
    { preHandler, schema: { tags, summary: 'My delivery addresses (default first, then newest)', response: { 200: shopperAddressList } } },
    async (request) => addresses.list(shopperOf(request).id),
  );

  app.post(
    '/api/me/addresses',
    { preHandler, schema: { tags, summary: 'Add a delivery address (the first one becomes the default)', body: createAddressBody, response: { 201: shopperAddress } } },
    async (request, reply) => reply.status(201).send(await addresses.create(shopperOf(request).id, request.body)),
  );

  app.get(
    '/api/me/addresses/:id',
    { preHandler, schema: { tags, summary: 'One of my addresses', params: idParam, response: { 200: shopperAddress } } },
    async (request) => addresses.get(shopperOf(request).id, request.params.id),
  );

  app.patch(
    '/api/me/addresses/:id',
    { preHandler, schema: { tags, summary: 'Change one of my addresses (partial)', params: idParam, body: updateAddressBody, response: { 200: shopperAddress } } },
    async (request) => addresses.update(shopperOf(request).id, request.params.id, request.body),
  );

  app.delete(
    '/api/me/addresses/:id',
    {
      preHandler,
      schema: { tags, summary: 'Delete one of my addresses (a deleted default passes to the newest)', params: idParam, response: { 200: okSchema } },
    },
    async (request) => addresses.remove(shopperOf(request).id, request.params.id),
  );

  app.post(
    '/api/me/addresses/:id/default',
    { preHandler, schema: { tags, summary: 'Make one of my addresses the default', params: idParam, response: { 200: shopperAddress } } },
    async (request) => addresses.setDefault(shopperOf(request).id, request.params.id),
  );
}
