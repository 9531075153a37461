import { shippingRegionKey, type ShippingRegion, type ShippingTemplate } from '@mall/contract';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { regionProblems } from '../../platform/regions.ts';

type RegionLists = Pick<ShippingTemplate, 'regionRules' | 'freeShipping' | 'excludedRegions' | 'regionDeliveryDays'>;

function regionErrors(region: ShippingRegion, path: string): FieldError[] {
  return regionProblems({ province: region.province, city: region.city }).map((problem) => ({
    path: `${path}.${problem.path}`,
    message: problem.message,
    code: 'SHIPPING_REGION_UNKNOWN' as const,
    params: { region: shippingRegionKey(region) },
  }));
}

/**
 * Every region a template names that is not a real province, or a city not of its province, with
 * the field path of the name at fault (regionRules.0.regions.2.city). The zod schema in the
 * contract has checked the shape; this checks the names against the administrative divisions.
 */
export function templateRegionErrors(template: RegionLists): FieldError[] {
  const errors: FieldError[] = [];
  const lists: [string, { regions?: ShippingRegion[] }[]][] = [
    ['regionRules', template.regionRules],
    ['freeShipping', template.freeShipping],
    ['regionDeliveryDays', template.regionDeliveryDays],
  ];
  for (const [field, entries] of lists) {
    entries.forEach((entry, i) => entry.regions?.forEach((region, j) => errors.push(...regionErrors(region, `${field}.${i}.regions.${j}`))));
  }
  template.excludedRegions.forEach((region, i) => errors.push(...regionErrors(region, `excludedRegions.${i}`)));
  return errors;
}

/** Refuses (422) a template naming a region that does not exist. */
export function assertTemplateRegionsReal(template: RegionLists): void {
  const errors = templateRegionErrors(template);
  if (errors.length > 0) throw new AppError('SHIPPING_TEMPLATE_REGION_INVALID', { count: errors.length }, errors);
}
