import { areaList } from '@vant/area-data';

/**
 * Province / city / district for the address form, from @vant/area-data: the same divisions the
 * server checks mainland addresses against. Codes are 6 digits; a city's starts with its
 * province's first 2, a district's with its city's first 4.
 */
export { areaList };

export const MAINLAND = 'CN';

export interface RegionNames {
  province: string;
  city: string;
  district: string;
}

function codeOf(list: Record<string, string>, name: string, prefix: string): string | undefined {
  const wanted = name.trim();
  return Object.keys(list).find((code) => code.startsWith(prefix) && list[code] === wanted);
}

/** The district code of the names, for opening the picker where the address is; '' when they are not real and nested. */
export function areaCodeOf(names: RegionNames): string {
  const province = codeOf(areaList.province_list, names.province, '');
  const city = province && codeOf(areaList.city_list, names.city, province.slice(0, 2));
  const district = city && codeOf(areaList.county_list, names.district, city.slice(0, 4));
  return district || '';
}

type PickedOption = { text?: string | number; value?: string | number } | undefined;

/** The names the Area picker confirmed; undefined unless all three columns were chosen. */
export function namesOfPicked(options: readonly PickedOption[]): RegionNames | undefined {
  const [province, city, district] = options.map((o) => (o?.value ? String(o.text ?? '') : ''));
  if (!province || !city || !district) return undefined;
  return { province, city, district };
}

/** "广东省 深圳市 南山区"; a municipality is named once ("北京市 朝阳区"). */
export function regionLabel(names: RegionNames): string {
  const parts = names.city === names.province ? [names.province, names.district] : [names.province, names.city, names.district];
  return parts.filter((p) => p.trim().length > 0).join(' ');
}
