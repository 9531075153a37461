// What other modules may use of the shopper's address book.
export { createAddressService, getAddressForOrder, type AddressService } from './addresses.service.ts';
export { addressRoutes } from './addresses.routes.ts';
