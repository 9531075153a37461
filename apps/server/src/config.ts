import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readPaymentProviders, type PaymentProvidersConfig } from './config-payments.ts';

/** The only reader of process.env. Everything else receives a frozen `Config`. */
const envBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  DEMO_DATA: envBoolean.default(true),
  DEMO_OWNER_PASSWORD: z.string().min(8).default('demo-owner-2026'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 14),
  COOKIE_SECURE: envBoolean.optional(),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  JOBS_ENABLED: envBoolean.default(true),
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  /** Number of reverse-proxy hops in front of the server whose X-Forwarded-For may be trusted. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** The built-in sandbox payment gateway (hosted pay page, signed notices). Off by default in production. */
  SANDBOX_PAY_ENABLED: envBoolean.optional(),
  /** HMAC-SHA256 key the sandbox gateway signs its notices with. */
  SANDBOX_PAY_SECRET: z.string().min(16).default('sandbox-dev-secret-not-for-production'),
  /** Outgoing mail, e.g. smtp://user:pass@host:587 or smtps://user:pass@host:465; unset = no e-mail. */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\/[^/]/.test(v), 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Sender of outgoing mail, e.g. "商城 <no-reply@shop.example>"; required with SMTP_URL. */
  MAIL_FROM: z.string().min(3).max(200).optional(),
  /** The built storefront and back office (vite output); default: this repository's apps/shop/dist, apps/admin/dist. */
  SHOP_DIST_DIR: z.string().optional(),
  ADMIN_DIST_DIR: z.string().optional(),
  /** HMAC-SHA256 key tracking pushes (POST /api/logistics/tracking/webhook) are signed with; required for pushes in production. */
  TRACKING_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** The sandbox tracking provider (made-up events over time for parcels). On by default in development only (tests and production opt in). */
  TRACKING_SANDBOX_ENABLED: envBoolean.optional(),
  /** Test only: a clock that can be moved and /api/test/* routes (clock, run jobs) for browser tests. */
  TEST_CLOCK_CONTROL: envBoolean.default(false),
});

/** apps/ of this repository, where the web apps are built by default. */
const appsDir = fileURLToPath(new URL('../../', import.meta.url));

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { kind: 'pglite'; dataDir: string | null } | { kind: 'postgresql'; url: string; poolMax: number };
  dataDir: string;
  uploadsDir: string;
  logLevel: string;
  publicBaseUrl: string;
  demo: { enabled: boolean; ownerPassword: string };
  session: { ttlHours: number; cookieSecure: boolean };
  limits: { uploadBytes: number; bodyBytes: number };
  jobs: { enabled: boolean; pollMs: number };
  trustProxyHops: number;
  /** Payment providers; the sandbox is the default. Alipay and WeChat Pay are added when configured. */
  payments: { sandbox: { enabled: boolean; secret: string } } & PaymentProvidersConfig;
  /** Outgoing e-mail; null when SMTP_URL is unset (e-mail is then off). */
  mail: { smtpUrl: string; from: string } | null;
  /** Where the built storefront (served at /) and back office (served at /admin) are. */
  web: { shopDir: string; adminDir: string };
  /** Test-only clock control and job trigger routes; never in production. */
  testClockControl: boolean;
  /** Parcel tracking: the push secret (null: pushes refused) and whether the sandbox provider polls. */
  tracking: { webhookSecret: string | null; sandbox: boolean };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const providers = readPaymentProviders(cleaned);
  if (!parsed.success || providers.problems.length > 0) {
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    const lines = issues.concat(providers.problems.map((p) => `  ${p}`));
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.SMTP_URL && !e.MAIL_FROM) throw new ConfigError('Invalid configuration:\n  MAIL_FROM: required when SMTP_URL is set');
  if (e.TEST_CLOCK_CONTROL && e.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration:\n  TEST_CLOCK_CONTROL: lets anyone move the shop\'s clock; it is refused when NODE_ENV=production');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgresql', url: e.DATABASE_URL, poolMax: e.DB_POOL_MAX }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    uploadsDir: path.join(dataDir, 'uploads'),
    logLevel: e.LOG_LEVEL,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`,
    demo: { enabled: e.DEMO_DATA, ownerPassword: e.DEMO_OWNER_PASSWORD },
    session: { ttlHours: e.SESSION_TTL_HOURS, cookieSecure: e.COOKIE_SECURE ?? e.NODE_ENV === 'production' },
    limits: { uploadBytes: e.UPLOAD_MAX_BYTES, bodyBytes: e.BODY_LIMIT_BYTES },
    jobs: { enabled: e.JOBS_ENABLED, pollMs: e.JOBS_POLL_MS },
    trustProxyHops: e.TRUST_PROXY_HOPS,
    payments: { sandbox: { enabled: e.SANDBOX_PAY_ENABLED ?? e.NODE_ENV !== 'production', secret: e.SANDBOX_PAY_SECRET }, ...providers.value },
    mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM! } : null,
    web: {
      shopDir: path.resolve(e.SHOP_DIST_DIR ?? path.join(appsDir, 'shop', 'dist')),
      adminDir: path.resolve(e.ADMIN_DIST_DIR ?? path.join(appsDir, 'admin', 'dist')),
    },
    testClockControl: e.TEST_CLOCK_CONTROL,
    tracking: {
      // A known development secret only outside production; production pushes need their own.
      webhookSecret: e.TRACKING_WEBHOOK_SECRET ?? (e.NODE_ENV === 'production' ? null : 'tracking-dev-secret-not-for-production'),
      // Made-up deliveries would move every shipped order's auto-complete: only the demo shop gets them unasked.
      sandbox: e.TRACKING_SANDBOX_ENABLED ?? e.NODE_ENV === 'development',
    },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
