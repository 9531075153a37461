import { areaList } from '@vant/area-data';

/**
 * Chinese administrative divisions (province → city → district) from @vant/area-data, keyed by
 * 6-digit codes: a city's code starts with its province's first 2 digits, a district's with its
 * city's first 4. Pure lookups, shared by every module that takes a region from a person.
 */
export interface RegionNames {
  province: string;
  city?: string | null;
  district?: string | null;
}

export interface RegionCodes {
  province: string;
  city?: string;
  district?: string;
}

export interface RegionProblem {
  path: 'province' | 'city' | 'district';
  /** 'unknown': no such division (under `within`, the division above it); 'missing': a district was given without its city. */
  kind: 'unknown' | 'missing';
  name: string;
  /** The division the name was looked for in; absent for a province. */
  within?: string;
  message: string;
}

type CodeList = Record<string, string>;

function codeOf(list: CodeList, name: string, prefix: string): string | undefined {
  for (const [code, value] of Object.entries(list)) {
    if (value === name && code.startsWith(prefix)) return code;
  }
  return undefined;
}

const present = (text: string | null | undefined): text is string => typeof text === 'string' && text.trim().length > 0;

/** The codes of the named province, city and district, as far as each one is known and belongs to the one above. */
export function regionCodesOf(names: RegionNames): Partial<RegionCodes> {
  const province = codeOf(areaList.province_list, names.province.trim(), '');
  if (!province) return {};
  if (!present(names.city)) return { province };
  const city = codeOf(areaList.city_list, names.city.trim(), province.slice(0, 2));
  if (!city) return { province };
  if (!present(names.district)) return { province, city };
  const district = codeOf(areaList.county_list, names.district.trim(), city.slice(0, 4));
  return district ? { province, city, district } : { province, city };
}

/** What is wrong with a region, field by field; empty when every given name is real and nested right. A district needs a city. */
export function regionProblems(names: RegionNames): RegionProblem[] {
  const codes = regionCodesOf(names);
  if (!codes.province) return [{ path: 'province', kind: 'unknown', name: names.province, message: `Unknown province: ${names.province}` }];
  if (!present(names.city)) {
    return present(names.district) ? [{ path: 'city', kind: 'missing', name: '', message: 'A district needs its city' }] : [];
  }
  if (!codes.city) return [{ path: 'city', kind: 'unknown', name: names.city, within: names.province, message: `${names.city} is not a city of ${names.province}` }];
  if (present(names.district) && !codes.district) {
    return [{ path: 'district', kind: 'unknown', name: names.district!, within: names.city, message: `${names.district} is not a district of ${names.city}` }];
  }
  return [];
}

/** The names behind codes, for pickers that hand over codes. */
export function regionNamesOf(codes: RegionCodes): RegionNames | undefined {
  const province = areaList.province_list[codes.province];
  if (!province) return undefined;
  const city = codes.city ? areaList.city_list[codes.city] : undefined;
  const district = codes.district ? areaList.county_list[codes.district] : undefined;
  return { province, city: city ?? null, district: district ?? null };
}
