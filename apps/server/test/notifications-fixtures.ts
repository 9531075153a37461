// A real local SMTP server that captures mail, an app wired to it, and shopper/staff helpers.
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe } from 'vitest';
import type { StaffRole } from '@mall/contract';
import { loadConfig } from '../src/config.ts';
import { buildApp, type BuiltApp } from '../src/app.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { hashPassword } from '../src/platform/auth.ts';
import { shoppers, staff } from '../src/modules/accounts/accounts.tables.ts';
import { createSmsSandbox, type SandboxSms } from '../src/modules/accounts/index.ts';
import { databaseKinds, openTestDatabase } from './harness.ts';

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface Mailbox {
  port: number;
  mails: CapturedMail[];
  /** The next N messages are refused with a temporary error (451). */
  failNext: number;
  close(): Promise<void>;
}

export const SMTP_USER = 'mailer';
export const SMTP_PASS = 'smtp-secret-1';

/** Decodes RFC 2047 encoded words (as nodemailer writes non-ASCII subjects). */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(decodeQpBytes(data.replace(/_/g, ' '))).toString('utf8'),
    );
}

function decodeQpBytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return bytes;
}

/** Parses a single-part text message as nodemailer composes it. */
export function parseMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
  const encoding = header('content-transfer-encoding').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(decodeQpBytes(body.replace(/=\r\n/g, ''))).toString('utf8')
        : body;
  return { subject: decodeWords(header('subject')), text: text.replace(/\r\n/g, '\n').trimEnd() };
}

/** An SMTP server on 127.0.0.1 (random port) that requires the test credentials and keeps what it receives. */
export async function startMailbox(): Promise<Mailbox> {
  const mailbox = { mails: [] as CapturedMail[], failNext: 0 };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (mailbox.failNext > 0) {
          mailbox.failNext--;
          return callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        }
        const { subject, text } = parseMail(Buffer.concat(chunks).toString('utf8'));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mailbox.mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), subject, text });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(mailbox, {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${crypto.randomBytes(2).toString('hex')}`;

type Built = Pick<BuiltApp, 'db' | 'auth' | 'clock'>;

/** A shopper with the given contact details (phone optional), signed in. */
export async function createShopper(built: Built, contact: { email?: string | null; phone?: string | null } = {}) {
  const email = contact.email === undefined ? `${unique('n')}@example.com` : contact.email;
  const now = built.clock.now();
  const [row] = await built.db
    .insert(shoppers)
    .values({ email, phone: contact.phone ?? null, nickname: unique('nick'), passwordHash: null, createdAt: now, updatedAt: now })
    .returning();
  const { token } = await built.auth.issueSession(built.db, { kind: 'shopper', id: row!.id });
  return { id: row!.id, email, phone: contact.phone ?? null, headers: { authorization: `Bearer ${token}` } };
}

export async function createStaff(built: Built, role: StaffRole) {
  const username = unique(role.replace('_', ''));
  const now = built.clock.now();
  const [member] = await built.db
    .insert(staff)
    .values({ username, displayName: username, passwordHash: await hashPassword('secret-pass-1'), role, createdAt: now, updatedAt: now })
    .returning();
  const { token } = await built.auth.issueSession(built.db, { kind: 'staff', id: member!.id });
  return { id: member!.id, username, headers: { authorization: `Bearer ${token}` } };
}

/** A random mainland-style mobile number (unique enough per test file). */
export const randomPhone = () => `139${crypto.randomInt(10_000_000, 99_999_999)}`;

export interface MailContext extends BuiltApp {
  clock: ManualClock;
  sms: SandboxSms;
  mailbox: Mailbox;
}

/** Like describeEachDatabase, with SMTP configured (SMTP_URL with credentials) against a local capturing server. */
export function describeEachDatabaseWithMail(name: string, suite: (ctx: () => MailContext) => void) {
  for (const kind of databaseKinds) {
    describe(`${name} [${kind}]`, () => {
      let context: MailContext | undefined;
      let drop: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const mailbox = await startMailbox();
        const testDb = await openTestDatabase(kind);
        drop = async () => {
          await context?.app.close();
          await testDb.drop();
          await mailbox.close();
        };
        const config = loadConfig({
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATA_DIR: `/tmp/mall-test-${process.pid}`,
          DEMO_DATA: 'false',
          JOBS_ENABLED: 'false',
          SMTP_URL: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${mailbox.port}`,
          MAIL_FROM: '潮玩商城 <no-reply@mall.test>',
        });
        const clock = new ManualClock('2026-11-23T02:00:00.000Z');
        const sms = createSmsSandbox({ info: () => undefined });
        const built = await buildApp({ config, clock, database: testDb.database, sms });
        await built.app.ready();
        context = { ...built, clock, sms, mailbox };
      });
      afterAll(async () => {
        await drop?.();
      });
      suite(() => {
        if (!context) throw new Error('test context not ready');
        return context;
      });
    });
  }
}
