// The visitor's country from their IP address, offline: the geoip-country package ships the
// GeoLite2 country data inside it (no network call, no key). Loaded on first use (~20 MB).
import { createRequire } from 'node:module';
import { isIsoCountry } from '@mall/contract';

interface GeoipCountry {
  lookup(ip: string): { country?: string } | null;
}

let geoip: GeoipCountry | undefined;

/** ISO country code of a public IP address; null for private, loopback or unknown addresses. */
export function countryOfIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  geoip ??= createRequire(import.meta.url)('geoip-country') as GeoipCountry;
  const country = geoip.lookup(ip)?.country?.toUpperCase() ?? null;
  return country && isIsoCountry(country) ? country : null;
}
