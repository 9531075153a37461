// What other modules may use of shipping: the fee rules of a template (no tables yet).
export {
  quoteShipping,
  deliveryDaysFor,
  regionDisplayName,
  type Destination,
  type FeeTemplate,
  type Shipment,
} from './shipping-fee.rules.ts';
export { assertTemplateRegionsReal, templateRegionErrors } from './shipping-template.rules.ts';
