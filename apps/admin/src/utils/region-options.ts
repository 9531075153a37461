import { areaList } from '@vant/area-data';

/**
 * Province → city → district options for Element Plus's cascader, from @vant/area-data: the
 * divisions the shop's address picker and the server use. Values are the names (what the API
 * stores); codes are 6 digits, a city's starting with its province's first 2, a district's with
 * its city's first 4.
 */
// A type, not an interface: the cascader's option type wants an index signature.
export type RegionOption = {
  value: string;
  label: string;
  children?: RegionOption[];
};

export interface AreaList {
  province_list: Record<string, string>;
  city_list: Record<string, string>;
  county_list: Record<string, string>;
}

/** Codes sorted, grouped by the first `digits` digits of their code. */
function groupBy(list: Record<string, string>, digits: number): Map<string, [string, string][]> {
  const groups = new Map<string, [string, string][]>();
  for (const code of Object.keys(list).sort()) {
    const key = code.slice(0, digits);
    const group = groups.get(key) ?? [];
    group.push([code, list[code]!]);
    groups.set(key, group);
  }
  return groups;
}

export function regionCascaderOptions(list: AreaList): RegionOption[] {
  const citiesOf = groupBy(list.city_list, 2);
  const districtsOf = groupBy(list.county_list, 4);
  const node = (name: string, children: RegionOption[]): RegionOption => (children.length > 0 ? { value: name, label: name, children } : { value: name, label: name });
  return Object.keys(list.province_list)
    .sort()
    .map((provinceCode) =>
      node(
        list.province_list[provinceCode]!,
        (citiesOf.get(provinceCode.slice(0, 2)) ?? []).map(([cityCode, city]) => node(city, (districtsOf.get(cityCode.slice(0, 4)) ?? []).map(([, district]) => node(district, [])))),
      ),
    );
}

let built: RegionOption[] | undefined;
/** The mainland's options, built once. */
export const mainlandRegions = (): RegionOption[] => (built ??= regionCascaderOptions(areaList));

/** The cascader's value for the names: [province, city, district], or [] when the province is not given. */
export function regionPath(names: { province: string; city: string; district: string }): string[] {
  return names.province ? [names.province, names.city, names.district].filter((n, i) => i === 0 || n !== '') : [];
}
