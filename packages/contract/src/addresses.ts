import { z } from 'zod';
import { timestamp } from './common.ts';
import type { ErrorSpec } from './errors-common.ts';

/** The shopper's address book (收货地址). */
export const addressesErrors = {
  ADDRESS_LIMIT_REACHED: { status: 409, zh: '最多只能保存 {max} 个收货地址', en: 'You can keep at most {max} delivery addresses' },
  ADDRESS_DEFAULT_REQUIRED: {
    status: 409,
    zh: '默认地址不能取消，请把另一个地址设为默认',
    en: 'The default address cannot be unset; make another address the default instead',
  },
  ADDRESS_REGION_INVALID: {
    status: 422,
    zh: '省市区不存在或不匹配，请从列表中选择',
    en: 'The province, city and district must be real ones that belong together; choose them from the list',
  },
  /** Field-level: the province of a CN address is not a real one. */
  ADDRESS_PROVINCE_UNKNOWN: { status: 422, zh: '没有名为「{province}」的省份', en: 'There is no province named "{province}"' },
  /** Field-level: the city is not one of the province's. */
  ADDRESS_CITY_UNKNOWN: { status: 422, zh: '{province}没有「{city}」', en: '"{city}" is not a city of {province}' },
  /** Field-level: the district is not one of the city's. */
  ADDRESS_DISTRICT_UNKNOWN: { status: 422, zh: '{city}没有「{district}」', en: '"{district}" is not a district of {city}' },
} as const satisfies Record<string, ErrorSpec>;

export const ADDRESS_LIMITS = {
  perShopper: 20,
  receiverMax: 20,
  regionMax: 20,
  detailMax: 120,
  tagMax: 6,
} as const;

/** Region codes Intl knows that are not countries (ISO 3166-1 reserves UK; GB is the code). */
const NOT_COUNTRIES = new Set(['ZZ', 'EU', 'EZ', 'UN', 'UK', 'QO']);
let regionNames: Intl.DisplayNames | undefined;

/** An ISO 3166-1 alpha-2 country code such as CN, US, FR (upper case). */
export function isIsoCountry(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
  return regionNames.of(code) !== code;
}

/** A country code, upper-cased, checked against ISO 3166-1 alpha-2. */
export const countryCode = z
  .string()
  .trim()
  .max(8)
  .transform((s) => s.toUpperCase())
  .refine(isIsoCountry, 'must be an ISO 3166-1 alpha-2 country code such as CN');

/** Addresses are in mainland China unless another country is given. */
export const DEFAULT_COUNTRY = 'CN';

/** Tags the forms offer; any other short text is accepted too. */
export const ADDRESS_TAGS = ['家', '公司', '学校'] as const;

/** Unicode-normalised (NFC), trimmed, inner runs of white space collapsed to one space. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Length as a person counts it: code points, so a rare character outside the BMP counts once. */
const charCount = (text: string) => [...text].length;

/** Text of 1..max characters after normalising. */
export function addressText(max: number) {
  return z
    .string()
    .max(max * 8)
    .transform(normaliseText)
    .refine((s) => s.length > 0, 'must not be empty')
    .refine((s) => charCount(s) <= max, `must be at most ${max} characters`);
}

/**
 * A mainland mobile number (11 digits, 1[3-9]…; a +86 / 86 prefix is dropped) or a landline with
 * its area code (010/02x: 3 digits, others 4), an optional extension. Full-width digits, spaces,
 * dots and brackets are tolerated. Normalised to `13812345678` or `0755-12345678[-123]`.
 */
export function normalisePhone(input: string): string | undefined {
  const text = input.normalize('NFKC').replace(/[\s().]/g, '').replace(/[－—–]/g, '-');
  const mobile = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(text.replace(/-/g, ''));
  if (mobile) return mobile[1];
  const landline = /^(?:\+?86-?)?(0\d{2,3})-?(\d{7,8})(?:-(\d{1,6}))?$/.exec(text);
  if (!landline) return undefined;
  const digits = `${landline[1]}${landline[2]}`;
  const areaLength = /^0[12]/.test(digits) ? 3 : 4;
  const area = digits.slice(0, areaLength);
  const local = digits.slice(areaLength);
  if (!/^\d{7,8}$/.test(local) || /^0/.test(local)) return undefined;
  return landline[3] ? `${area}-${local}-${landline[3]}` : `${area}-${local}`;
}

export const addressPhone = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const phone = normalisePhone(s);
    if (phone === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Not a mainland mobile number or a landline with area code' });
      return z.NEVER;
    }
    return phone;
  });

export const postalCode = z
  .string()
  .max(20)
  .transform((s) => s.normalize('NFKC').replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'A postal code is 6 digits'));

/** A tag such as 家 / 公司 / 学校, or any text up to 6 characters; empty means none. */
export const addressTag = z
  .string()
  .max(60)
  .transform(normaliseText)
  .refine((s) => charCount(s) <= ADDRESS_LIMITS.tagMax, `must be at most ${ADDRESS_LIMITS.tagMax} characters`)
  .transform((s) => (s.length === 0 ? null : s));

const fields = {
  receiver: addressText(ADDRESS_LIMITS.receiverMax),
  phone: addressPhone,
  /**
   * For a CN address, province/city/district are names from @vant/area-data that belong together
   * (the server answers 422 ADDRESS_REGION_INVALID otherwise); other countries keep free text.
   */
  province: addressText(ADDRESS_LIMITS.regionMax),
  city: addressText(ADDRESS_LIMITS.regionMax),
  district: addressText(ADDRESS_LIMITS.regionMax),
  detail: addressText(ADDRESS_LIMITS.detailMax),
  /** Empty string or null: none. */
  postalCode: z.union([z.literal('').transform(() => null), z.null(), postalCode]).optional(),
  tag: addressTag.nullable().optional(),
  /** ISO 3166-1 alpha-2; CN when not given. */
  country: countryCode.optional(),
};

export const createAddressBody = z.object({ ...fields, isDefault: z.boolean().optional() });
export type CreateAddressBody = z.infer<typeof createAddressBody>;

export const updateAddressBody = z
  .object({
    receiver: fields.receiver.optional(),
    phone: fields.phone.optional(),
    province: fields.province.optional(),
    city: fields.city.optional(),
    district: fields.district.optional(),
    detail: fields.detail.optional(),
    postalCode: fields.postalCode,
    tag: fields.tag,
    country: fields.country,
    /** true makes it the default; false is refused on the default address. */
    isDefault: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'Nothing to change');
export type UpdateAddressBody = z.infer<typeof updateAddressBody>;

export const shopperAddress = z.object({
  id: z.number().int(),
  receiver: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  detail: z.string(),
  postalCode: z.string().nullable(),
  tag: z.string().nullable(),
  country: z.string(),
  isDefault: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ShopperAddress = z.infer<typeof shopperAddress>;

/** Default first, then the most recently added. */
export const shopperAddressList = z.object({ items: z.array(shopperAddress), total: z.number().int() });
