import { expect, it } from 'vitest';
import { MINUTE } from '../src/platform/clock.ts';
import { describeEachDatabase } from './harness.ts';
import { bearer, clientOf, countRows, expectValidation, freshPhone, lastCode } from './accounts-helpers.ts';

let n = 0;
const freshEmail = () => `shopper${Date.now().toString(36)}${n++}@example.com`;

describeEachDatabase('accounts: shoppers', (ctx) => {
  it('registers, signs in and out with cookie or bearer, and shows the profile', async () => {
    const c = clientOf(ctx);
    const email = freshEmail();
    const reg = await c.post('/api/auth/register', { email: `  ${email.toUpperCase()} `, password: 'correct-horse' });
    expect(reg.statusCode).toBe(201);
    const body = reg.json();
    expect(body).toMatchObject({ shopper: { email, phone: null, nickname: email.split('@')[0] } });
    expect(body.token).toMatch(/^[\w-]{40,}$/);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(ctx().clock.now().getTime());
    const cookie = reg.cookies.find((k) => k.name === 'mall_sid');
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, path: '/' });

    const viaCookie = await c.get('/api/me', {}, { mall_sid: body.token });
    expect(viaCookie.statusCode).toBe(200);
    expect(viaCookie.json()).toEqual({ id: body.shopper.id, email, phone: null, nickname: body.shopper.nickname });
    const viaBearer = await c.get('/api/me', bearer(body.token));
    expect(viaBearer.json().id).toBe(body.shopper.id);
    expect((await c.get('/api/me')).statusCode).toBe(401);

    const login = await c.post('/api/auth/login', { email: email.toUpperCase(), password: 'correct-horse' });
    expect(login.statusCode).toBe(200);
    expect(login.json().shopper.id).toBe(body.shopper.id);
    expect(login.cookies.find((k) => k.name === 'mall_sid')?.value).toBe(login.json().token);
    expect(login.json().token).not.toBe(body.token);

    const out = await c.post('/api/auth/logout', undefined, {}, { mall_sid: body.token });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ ok: true });
    expect(out.cookies.find((k) => k.name === 'mall_sid')?.value).toBe('');
    expect((await c.get('/api/me', bearer(body.token))).statusCode).toBe(401);
    // the other session lives on until it signs out itself
    expect((await c.get('/api/me', bearer(login.json().token))).statusCode).toBe(200);
    await c.post('/api/auth/logout', undefined, bearer(login.json().token));
    expect((await c.get('/api/me', bearer(login.json().token))).statusCode).toBe(401);
  });

  it('refuses a second registration of the same e-mail, in any case', async () => {
    const c = clientOf(ctx);
    const email = freshEmail();
    expect((await c.post('/api/auth/register', { email, password: 'password-1' })).statusCode).toBe(201);
    const again = await c.post('/api/auth/register', { email: email.toUpperCase(), password: 'password-2' }, { 'accept-language': 'en' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'EMAIL_TAKEN', title: 'This e-mail address is already registered' });
    expect(await countRows(ctx, 'shoppers', 'lower(email) = $1', [email])).toBe(1);
    // the first password still works, the second does not
    expect((await c.post('/api/auth/login', { email, password: 'password-1' })).statusCode).toBe(200);
    expect((await c.post('/api/auth/login', { email, password: 'password-2' })).statusCode).toBe(401);
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    const c = clientOf(ctx);
    const email = freshEmail();
    await c.post('/api/auth/register', { email, password: 'password-1' });
    for (const lang of ['zh-CN', 'en']) {
      const wrong = await c.post('/api/auth/login', { email, password: 'password-x' }, { 'accept-language': lang });
      const unknown = await c.post('/api/auth/login', { email: freshEmail(), password: 'password-x' }, { 'accept-language': lang });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
      expect(unknown.json().code).toBe('INVALID_CREDENTIALS');
      expect(wrong.json().title).toBe(unknown.json().title);
      expect(wrong.json().title).toBe(lang === 'en' ? 'Wrong account or password' : '账号或密码错误');
    }
  });

  it('locks an e-mail on the 6th attempt after 5 failures, from any IP, for 15 minutes', async () => {
    const c = clientOf(ctx);
    const email = freshEmail();
    await c.post('/api/auth/register', { email, password: 'right-password' });
    for (let i = 0; i < 5; i++) {
      ctx().clock.advance(10_000);
      expect((await c.post('/api/auth/login', { email, password: `wrong-${i}` })).statusCode).toBe(401);
    }
    const locked = await c.post('/api/auth/login', { email, password: 'right-password' });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);
    const otherIp = await clientOf(ctx).post('/api/auth/login', { email, password: 'right-password' });
    expect(otherIp.statusCode).toBe(429);

    ctx().clock.advance(15 * MINUTE - 1000);
    const stillLocked = await c.post('/api/auth/login', { email, password: 'right-password' });
    expect(stillLocked.statusCode).toBe(429);
    expect(Number(stillLocked.headers['retry-after'])).toBe(1);
    ctx().clock.advance(1000);
    expect((await c.post('/api/auth/login', { email, password: 'right-password' })).statusCode).toBe(200);

    // the success cleared the failures: 4 more wrong tries do not lock the right one out
    for (let i = 0; i < 4; i++) expect((await c.post('/api/auth/login', { email, password: 'nope-nope' })).statusCode).toBe(401);
    expect((await c.post('/api/auth/login', { email, password: 'right-password' })).statusCode).toBe(200);
  });

  it('lets at most 5 of a burst of parallel guesses be checked', async () => {
    const c = clientOf(ctx);
    const email = freshEmail();
    await c.post('/api/auth/register', { email, password: 'right-password' });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => c.post('/api/auth/login', { email, password: `guess-${i}-guess` })));
    const statuses = results.map((r) => r.statusCode);
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeGreaterThanOrEqual(1);
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // refused attempts do not count; the checked ones do
    const next = await c.post('/api/auth/login', { email, password: 'right-password' });
    expect(next.statusCode).toBe(checked === 5 ? 429 : 200);
  });

  it('locks an IP after 30 failures in 15 minutes, whatever the account', async () => {
    const attacker = clientOf(ctx);
    const email = freshEmail();
    await clientOf(ctx).post('/api/auth/register', { email, password: 'right-password' });
    for (let i = 0; i < 30; i++) {
      const res = await attacker.post('/api/auth/login', { email: `victim${Math.floor(i / 5)}-${n}@example.com`, password: 'guess-guess' });
      expect(res.statusCode).toBe(401);
    }
    const refused = await attacker.post('/api/auth/login', { email, password: 'right-password' });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attacker.post('/api/auth/otp/login', { phone: freshPhone(), code: '123456' })).statusCode).toBe(429);
    expect((await clientOf(ctx).post('/api/auth/login', { email, password: 'right-password' })).statusCode).toBe(200);
    ctx().clock.advance(15 * MINUTE);
    expect((await attacker.post('/api/auth/login', { email, password: 'right-password' })).statusCode).toBe(200);
  });

  it('signs in with a texted code, creating the shopper on first sign-in', async () => {
    const c = clientOf(ctx);
    const phone = freshPhone();
    const local = phone.slice(3);
    const before = await countRows(ctx, 'shoppers');
    const sent = await c.post('/api/auth/otp', { phone: `+86 ${local.slice(0, 3)}-${local.slice(3, 7)}-${local.slice(7)}` });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toEqual({ phone, expiresInSeconds: 300, resendAfterSeconds: 60 });
    const code = lastCode(ctx, phone);
    expect(await countRows(ctx, 'otp_codes', 'phone = $1 and code_hash not like $2', [phone, `%${code}%`])).toBe(1);

    const login = await c.post('/api/auth/otp/login', { phone: local, code });
    expect(login.statusCode).toBe(200);
    const body = login.json();
    expect(body.shopper).toMatchObject({ phone, email: null, nickname: `用户${phone.slice(-4)}` });
    expect(login.cookies.find((k) => k.name === 'mall_sid')?.value).toBe(body.token);
    expect(await countRows(ctx, 'shoppers')).toBe(before + 1);
    expect((await c.get('/api/me', bearer(body.token))).json()).toMatchObject({ id: body.shopper.id, phone });

    // a code works once
    const reuse = await c.post('/api/auth/otp/login', { phone, code });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('OTP_INVALID');

    // the next sign-in finds the same shopper
    ctx().clock.advance(61_000);
    await c.post('/api/auth/otp', { phone });
    const again = await c.post('/api/auth/otp/login', { phone, code: lastCode(ctx, phone) });
    expect(again.statusCode).toBe(200);
    expect(again.json().shopper.id).toBe(body.shopper.id);
    expect(await countRows(ctx, 'shoppers')).toBe(before + 1);
  });

  it('only the newest code works', async () => {
    const c = clientOf(ctx);
    const phone = freshPhone();
    await c.post('/api/auth/otp', { phone });
    const first = lastCode(ctx, phone);
    ctx().clock.advance(60_000);
    expect((await c.post('/api/auth/otp', { phone })).statusCode).toBe(200);
    const second = lastCode(ctx, phone);
    if (first !== second) expect((await c.post('/api/auth/otp/login', { phone, code: first })).statusCode).toBe(401);
    expect((await c.post('/api/auth/otp/login', { phone, code: second })).statusCode).toBe(200);
  });

  it('kills a code after 5 wrong tries', async () => {
    const c = clientOf(ctx);
    const phone = freshPhone();
    await c.post('/api/auth/otp', { phone });
    const code = lastCode(ctx, phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await c.post('/api/auth/otp/login', { phone, code: wrong });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('OTP_INVALID');
    }
    expect(await countRows(ctx, 'otp_codes', 'phone = $1 and attempts = 5', [phone])).toBe(1);
    // 5 failures also lock the phone for sign-in ...
    expect((await c.post('/api/auth/otp/login', { phone, code })).statusCode).toBe(429);
    // ... and with that lock gone (as if it had run out), the code itself is still dead
    await ctx().database.query(`delete from login_attempts where kind = 'phone' and identifier = $1`, [phone]);
    const dead = await c.post('/api/auth/otp/login', { phone, code });
    expect(dead.statusCode).toBe(401);
    expect(dead.json().code).toBe('OTP_INVALID');
    expect(await countRows(ctx, 'shoppers', 'phone = $1', [phone])).toBe(0);
  });

  it('refuses an expired code', async () => {
    const c = clientOf(ctx);
    const phone = freshPhone();
    await c.post('/api/auth/otp', { phone });
    const code = lastCode(ctx, phone);
    ctx().clock.advance(5 * MINUTE);
    const res = await c.post('/api/auth/otp/login', { phone, code });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('OTP_INVALID');
    expect(await countRows(ctx, 'shoppers', 'phone = $1', [phone])).toBe(0);
  });

  it('sends at most 20 codes an hour from one IP address, whatever the phones', async () => {
    const c = clientOf(ctx);
    for (let i = 0; i < 20; i++) expect((await c.post('/api/auth/otp', { phone: freshPhone() })).statusCode).toBe(200);
    const sentBefore = ctx().sms.sent.length;
    const refused = await c.post('/api/auth/otp', { phone: freshPhone() });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3600 });
    expect(ctx().sms.sent.length).toBe(sentBefore);
    // another address is not affected, and the first one may send again an hour later
    expect((await clientOf(ctx).post('/api/auth/otp', { phone: freshPhone() })).statusCode).toBe(200);
    ctx().clock.advance(3_600_000);
    expect((await c.post('/api/auth/otp', { phone: freshPhone() })).statusCode).toBe(200);
  });

  it('resends no sooner than 60 s and at most 10 times a day per phone', async () => {
    const c = clientOf(ctx);
    const phone = freshPhone();
    expect((await c.post('/api/auth/otp', { phone })).statusCode).toBe(200);
    const soon = await c.post('/api/auth/otp', { phone }, { 'accept-language': 'en' });
    expect(soon.statusCode).toBe(429);
    expect(soon.json()).toMatchObject({ code: 'RATE_LIMITED', title: 'Too many requests; try again later' });
    expect(soon.headers['retry-after']).toBe('60');
    ctx().clock.advance(30_000);
    expect((await c.post('/api/auth/otp', { phone })).headers['retry-after']).toBe('30');
    ctx().clock.advance(30_000);
    for (let i = 2; i <= 10; i++) {
      expect((await c.post('/api/auth/otp', { phone })).statusCode).toBe(200);
      ctx().clock.advance(60_000);
    }
    expect(ctx().sms.sent.filter((m) => m.phone === phone)).toHaveLength(10);
    const eleventh = await c.post('/api/auth/otp', { phone });
    expect(eleventh.statusCode).toBe(429);
    // the first send was 10 minutes ago; it leaves the rolling day in 23 h 50 min
    expect(Number(eleventh.headers['retry-after'])).toBe(24 * 3600 - 10 * 60);
    expect(ctx().sms.sent.filter((m) => m.phone === phone)).toHaveLength(10);
    // another phone is not affected
    expect((await c.post('/api/auth/otp', { phone: freshPhone() })).statusCode).toBe(200);
    ctx().clock.advance(24 * 3600_000 - 10 * MINUTE);
    expect((await c.post('/api/auth/otp', { phone })).statusCode).toBe(200);
  });

  it('keeps shopper and staff sessions apart', async () => {
    const shopper = await ctx().shopperSession();
    const staffMember = await ctx().staffSession('owner');
    const c = clientOf(ctx);
    const toAdmin = await c.get('/api/admin/me', shopper.headers);
    expect(toAdmin.statusCode).toBe(403);
    expect(toAdmin.json().code).toBe('FORBIDDEN');
    expect((await c.get('/api/admin/staff', shopper.headers)).statusCode).toBe(403);
    const toShop = await c.get('/api/me', staffMember.headers);
    expect(toShop.statusCode).toBe(401);
    expect(toShop.json().code).toBe('UNAUTHENTICATED');
    // a shopper cookie is not read in the admin area
    const token = shopper.headers.authorization.slice(7);
    expect((await c.get('/api/admin/me', {}, { mall_sid: token })).statusCode).toBe(401);
  });

  it('rejects bad input with field errors and stores nothing', async () => {
    const c = clientOf(ctx);
    const shoppersBefore = await countRows(ctx, 'shoppers');
    const codesBefore = await countRows(ctx, 'otp_codes');
    const smsBefore = ctx().sms.sent.length;
    const huge = 'x'.repeat(10 * 1024);

    expectValidation(await c.post('/api/auth/register', {}), 'email');
    expectValidation(await c.post('/api/auth/register', { email: freshEmail() }), 'password');
    expectValidation(await c.post('/api/auth/register', { email: 42, password: 'long-enough' }), 'email');
    expectValidation(await c.post('/api/auth/register', { email: 'not-an-email', password: 'long-enough' }), 'email');
    expectValidation(await c.post('/api/auth/register', { email: freshEmail(), password: 'short' }), 'password');
    expectValidation(await c.post('/api/auth/register', { email: freshEmail(), password: 'y'.repeat(73) }), 'password');
    expectValidation(await c.post('/api/auth/register', { email: `${huge}@example.com`, password: 'long-enough' }), 'email');
    expectValidation(await c.post('/api/auth/register', { email: freshEmail(), password: huge }), 'password');
    expectValidation(await c.post('/api/auth/register', { email: freshEmail(), password: 'long-enough', nickname: huge }), 'nickname');
    expectValidation(await c.post('/api/auth/login', { email: freshEmail(), password: huge }), 'password');
    expectValidation(await c.post('/api/auth/login', { email: freshEmail(), password: ['x'] }), 'password');

    for (const phone of ['12345678901', '1381234567', '+1 415 555 0100', '138123456789', 'abcdefghijk', huge]) {
      expectValidation(await c.post('/api/auth/otp', { phone }), 'phone');
    }
    expectValidation(await c.post('/api/auth/otp', { phone: 13812345678 }), 'phone');
    expectValidation(await c.post('/api/auth/otp/login', { phone: freshPhone(), code: '12345' }), 'code');
    expectValidation(await c.post('/api/auth/otp/login', { phone: freshPhone(), code: 123456 }), 'code');
    expectValidation(await c.post('/api/auth/otp/login', { phone: 'x', code: '123456' }), 'phone');

    const malformed = await ctx().app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('MALFORMED_BODY');

    expect(await countRows(ctx, 'shoppers')).toBe(shoppersBefore);
    expect(await countRows(ctx, 'otp_codes')).toBe(codesBefore);
    expect(ctx().sms.sent.length).toBe(smsBefore);
  });

  it('refuses a disabled shopper even with the right password', async () => {
    const c = clientOf(ctx);
    const email = freshEmail();
    const reg = await c.post('/api/auth/register', { email, password: 'right-password' });
    await ctx().database.query(`update shoppers set status = 'disabled' where id = $1`, [reg.json().shopper.id]);
    const res = await c.post('/api/auth/login', { email, password: 'right-password' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('ACCOUNT_DISABLED');
    expect((await c.get('/api/me', bearer(reg.json().token))).statusCode).toBe(401);
  });
});
