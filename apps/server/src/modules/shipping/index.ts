// What other modules may use of shipping: the fee rules, the service (order quotes) and the routes.
export {
  quoteShipping,
  deliveryDaysFor,
  regionDisplayName,
  type Destination,
  type FeeTemplate,
  type Shipment,
} from './shipping-fee.rules.ts';
export { assertTemplateRegionsReal, templateRegionErrors } from './shipping-template.rules.ts';
export { flatFeeTemplate, quoteOrderShipping, slowest, type OrderShippingQuote, type ShippingLine } from './shipping-order.rules.ts';
export { createShippingService, type OrderShippingInput, type ShippingService } from './shipping.service.ts';
export { shippingRoutes } from './shipping.routes.ts';
export { carriers, productTemplates, shippingTemplates } from './shipping.tables.ts';
