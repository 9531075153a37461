import { expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '@mall/contract';
import { MINUTE } from '../src/platform/clock.ts';
import { describeEachDatabase, type TestContext } from './harness.ts';
import { bearer, clientOf, countRows, expectValidation } from './accounts-helpers.ts';

let n = 0;
const freshName = (prefix = 'staff') => `${prefix}${Date.now().toString(36)}${n++}`;

/** Creates a staff member through the API as `owner`, then signs them in; returns id, username and token. */
async function createAndLogin(ctx: () => TestContext, owner: { headers: { authorization: string } }, role: string, password = 'initial-pass-1') {
  const c = clientOf(ctx);
  const username = freshName(role.replace('_', ''));
  const created = await c.post('/api/admin/staff', { username, displayName: `显示 ${username}`, role, password }, owner.headers);
  expect(created.statusCode).toBe(201);
  const login = await c.post('/api/admin/auth/login', { username, password });
  expect(login.statusCode).toBe(200);
  return { id: created.json().id as number, username, token: login.json().token as string, headers: bearer(login.json().token) };
}

describeEachDatabase('accounts: staff', (ctx) => {
  it('signs staff in and out, with cookie or bearer, and records the sign-in', async () => {
    const owner = await ctx().staffSession('owner');
    const member = await createAndLogin(ctx, owner, 'operator');
    const c = clientOf(ctx);
    const login = await c.post('/api/admin/auth/login', { username: member.username.toUpperCase(), password: 'initial-pass-1' }, { 'user-agent': 'vitest' });
    expect(login.statusCode).toBe(200);
    const body = login.json();
    expect(body.staff).toEqual({
      id: member.id,
      username: member.username,
      displayName: `显示 ${member.username}`,
      role: 'operator',
      permissions: [...ROLE_PERMISSIONS.operator],
    });
    const cookie = login.cookies.find((k) => k.name === 'mall_admin_sid');
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, path: '/api/admin' });

    expect((await c.get('/api/admin/me', {}, { mall_admin_sid: body.token })).json().id).toBe(member.id);
    expect((await c.get('/api/admin/me', bearer(body.token))).json().permissions).toContain('catalog.write');
    expect((await c.get('/api/admin/me')).statusCode).toBe(401);

    const rows = await ctx().database.query<{ ip: string; changes: { userAgent: string } }>(
      `select ip, changes from audit_log where action = 'staff.login' and actor_staff_id = $1 order by id desc limit 1`,
      [member.id],
    );
    expect(rows[0]).toMatchObject({ ip: c.ip, changes: { userAgent: 'vitest' } });

    const out = await c.post('/api/admin/auth/logout', undefined, {}, { mall_admin_sid: body.token });
    expect(out.json()).toEqual({ ok: true });
    expect((await c.get('/api/admin/me', bearer(body.token))).statusCode).toBe(401);
    expect((await c.get('/api/admin/me', member.headers)).statusCode).toBe(200);
  });

  it('refuses wrong passwords, unknown users alike, and locks a username on the 6th attempt', async () => {
    const owner = await ctx().staffSession('owner');
    const member = await createAndLogin(ctx, owner, 'warehouse');
    const c = clientOf(ctx);
    const unknown = await c.post('/api/admin/auth/login', { username: freshName('ghost'), password: 'whatever-1' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('INVALID_CREDENTIALS');
    for (let i = 0; i < 5; i++) {
      const res = await c.post('/api/admin/auth/login', { username: member.username, password: `wrong-${i}` });
      expect(res.json().code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await c.post('/api/admin/auth/login', { username: member.username, password: 'initial-pass-1' });
    expect(locked.statusCode).toBe(429);
    ctx().clock.advance(15 * MINUTE);
    expect((await c.post('/api/admin/auth/login', { username: member.username, password: 'initial-pass-1' })).statusCode).toBe(200);
  });

  it('lets only the owner manage staff', async () => {
    const owner = await ctx().staffSession('owner');
    const c = clientOf(ctx);
    const before = await countRows(ctx, 'staff');
    for (const role of ['warehouse', 'operator', 'customer_service'] as const) {
      const other = await ctx().staffSession(role);
      const attempts = [
        await c.get('/api/admin/staff', other.headers),
        await c.post('/api/admin/staff', { username: freshName(), displayName: 'x', role: 'owner', password: 'password-1' }, other.headers),
        await c.patch(`/api/admin/staff/${other.id}`, { role: 'owner' }, other.headers),
        await c.post(`/api/admin/staff/${owner.id}/password`, { password: 'taken-over-1' }, other.headers),
        await c.get('/api/admin/audit-log', other.headers),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
      expect((await c.get('/api/admin/me', other.headers)).json().role).toBe(role);
    }
    expect(await countRows(ctx, 'staff')).toBe(before + 3);
    expect((await c.get('/api/admin/me', owner.headers)).statusCode).toBe(200);
    const anonymous = await c.get('/api/admin/staff');
    expect(anonymous.statusCode).toBe(401);
  });

  it('creates, lists, renames and re-roles staff; usernames are unique in any case', async () => {
    const owner = await ctx().staffSession('owner');
    const c = clientOf(ctx);
    const username = freshName('cs');
    const created = await c.post('/api/admin/staff', { username: ` ${username.toUpperCase()} `, displayName: '客服小王', role: 'customer_service', password: 'password-1' }, owner.headers);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username, displayName: '客服小王', role: 'customer_service', active: true });
    expect(created.json()).not.toHaveProperty('passwordHash');
    const dup = await c.post('/api/admin/staff', { username: username.toUpperCase(), displayName: 'dup', role: 'warehouse', password: 'password-1' }, owner.headers);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('USERNAME_TAKEN');

    const list = await c.get('/api/admin/staff?role=customer_service&pageSize=100', owner.headers);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.every((s: { role: string }) => s.role === 'customer_service')).toBe(true);
    expect(list.json().items.map((s: { id: number }) => s.id)).toContain(created.json().id);
    const paged = await c.get('/api/admin/staff?page=1&pageSize=1', owner.headers);
    expect(paged.json()).toMatchObject({ page: 1, pageSize: 1 });
    expect(paged.json().items).toHaveLength(1);
    expect(paged.json().total).toBeGreaterThan(1);

    const login = await c.post('/api/admin/auth/login', { username, password: 'password-1' });
    const theirs = bearer(login.json().token);
    const patched = await c.patch(`/api/admin/staff/${created.json().id}`, { displayName: '客服主管', role: 'operator' }, owner.headers);
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ displayName: '客服主管', role: 'operator', active: true });
    // the new role applies to their existing session at once
    const me = await c.get('/api/admin/me', theirs);
    expect(me.json()).toMatchObject({ role: 'operator', displayName: '客服主管' });
    expect(me.json().permissions).toEqual([...ROLE_PERMISSIONS.operator]);
  });

  it('never leaves the shop without an active owner', async () => {
    const owner = await ctx().staffSession('owner');
    const c = clientOf(ctx);
    // disable every other active owner, so `owner` is the last one
    const owners = await c.get('/api/admin/staff?role=owner&active=true&pageSize=100', owner.headers);
    for (const other of owners.json().items as { id: number }[]) {
      if (other.id !== owner.id) expect((await c.patch(`/api/admin/staff/${other.id}`, { active: false }, owner.headers)).statusCode).toBe(200);
    }
    for (const change of [{ role: 'operator' }, { active: false }, { role: 'warehouse', active: false }]) {
      const res = await c.patch(`/api/admin/staff/${owner.id}`, change, { ...owner.headers, 'accept-language': 'en' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'LAST_OWNER', title: 'At least one active owner account must remain' });
    }
    expect((await c.get('/api/admin/me', owner.headers)).json().role).toBe('owner');
    // renaming is fine
    expect((await c.patch(`/api/admin/staff/${owner.id}`, { displayName: '店主' }, owner.headers)).statusCode).toBe(200);
    // with a second owner, the first may step down
    const second = await createAndLogin(ctx, owner, 'owner');
    expect((await c.patch(`/api/admin/staff/${owner.id}`, { role: 'operator' }, owner.headers)).statusCode).toBe(200);
    expect((await c.get('/api/admin/staff', owner.headers)).statusCode).toBe(403);
    const last = await c.patch(`/api/admin/staff/${second.id}`, { active: false }, second.headers);
    expect(last.statusCode).toBe(409);
  });

  it('disabling a member ends their sessions and stops sign-in; re-enabling lets them sign in again', async () => {
    const owner = await ctx().staffSession('owner');
    const member = await createAndLogin(ctx, owner, 'warehouse');
    const c = clientOf(ctx);
    expect((await c.get('/api/admin/me', member.headers)).statusCode).toBe(200);
    const disabled = await c.patch(`/api/admin/staff/${member.id}`, { active: false }, owner.headers);
    expect(disabled.json().active).toBe(false);
    expect((await c.get('/api/admin/me', member.headers)).statusCode).toBe(401);
    expect(await countRows(ctx, 'sessions', `subject_kind = 'staff' and subject_id = $1 and revoked_at is null`, [member.id])).toBe(0);
    const refused = await c.post('/api/admin/auth/login', { username: member.username, password: 'initial-pass-1' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ACCOUNT_DISABLED');
    expect((await c.post('/api/admin/auth/login', { username: member.username, password: 'wrong-pass-1' })).statusCode).toBe(401);

    await c.patch(`/api/admin/staff/${member.id}`, { active: true }, owner.headers);
    expect((await c.get('/api/admin/me', member.headers)).statusCode).toBe(401);
    expect((await c.post('/api/admin/auth/login', { username: member.username, password: 'initial-pass-1' })).statusCode).toBe(200);
  });

  it('a password reset ends the member’s sessions; the new password works, the old does not', async () => {
    const owner = await ctx().staffSession('owner');
    const member = await createAndLogin(ctx, owner, 'operator');
    const c = clientOf(ctx);
    const reset = await c.post(`/api/admin/staff/${member.id}/password`, { password: 'brand-new-pass' }, owner.headers);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().id).toBe(member.id);
    expect((await c.get('/api/admin/me', member.headers)).statusCode).toBe(401);
    expect((await c.post('/api/admin/auth/login', { username: member.username, password: 'initial-pass-1' })).statusCode).toBe(401);
    expect((await c.post('/api/admin/auth/login', { username: member.username, password: 'brand-new-pass' })).statusCode).toBe(200);
    expect((await c.post('/api/admin/staff/999999/password', { password: 'brand-new-pass' }, owner.headers)).statusCode).toBe(404);
  });

  it('staff change their own password with the current one', async () => {
    const owner = await ctx().staffSession('owner');
    const member = await createAndLogin(ctx, owner, 'customer_service');
    const c = clientOf(ctx);
    const wrong = await c.post('/api/admin/me/password', { oldPassword: 'not-it-at-all', newPassword: 'next-password-1' }, member.headers);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('PASSWORD_INCORRECT');
    expect(wrong.json().errors[0].path).toContain('oldPassword');
    expectValidation(await c.post('/api/admin/me/password', { oldPassword: 'initial-pass-1', newPassword: 'short' }, member.headers), 'newPassword');

    const changed = await c.post('/api/admin/me/password', { oldPassword: 'initial-pass-1', newPassword: 'next-password-1' }, member.headers);
    expect(changed.statusCode).toBe(200);
    expect(changed.json().staff.id).toBe(member.id);
    expect(changed.cookies.find((k) => k.name === 'mall_admin_sid')?.value).toBe(changed.json().token);
    expect((await c.get('/api/admin/me', member.headers)).statusCode).toBe(401);
    expect((await c.get('/api/admin/me', bearer(changed.json().token))).statusCode).toBe(200);
    expect((await c.post('/api/admin/auth/login', { username: member.username, password: 'next-password-1' })).statusCode).toBe(200);
    expect((await c.post('/api/admin/auth/login', { username: member.username, password: 'initial-pass-1' })).statusCode).toBe(401);
  });

  it('writes an audit row for every staff change, visible in the audit log with filters', async () => {
    const owner = await ctx().staffSession('owner');
    const c = clientOf(ctx);
    const start = ctx().clock.now().toISOString();
    ctx().clock.advance(1000);
    const member = await createAndLogin(ctx, owner, 'warehouse');
    ctx().clock.advance(1000);
    await c.patch(`/api/admin/staff/${member.id}`, { displayName: '仓库老李' }, owner.headers);
    ctx().clock.advance(1000);
    const middle = ctx().clock.now().toISOString();
    await c.patch(`/api/admin/staff/${member.id}`, { role: 'operator', active: false }, owner.headers);
    ctx().clock.advance(1000);
    await c.post(`/api/admin/staff/${member.id}/password`, { password: 'reset-pass-123' }, owner.headers);
    // a no-op change writes nothing
    await c.patch(`/api/admin/staff/${member.id}`, { displayName: '仓库老李' }, owner.headers);

    const res = await c.get(`/api/admin/audit-log?entityType=staff&entityId=${member.id}`, owner.headers);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { action: string; actorStaffId: number; changes: any; createdAt: string; ip: string }[];
    expect(items.map((i) => i.action)).toEqual(['staff.password_reset', 'staff.update', 'staff.update', 'staff.login', 'staff.create']);
    expect(res.json().total).toBe(5);
    expect(items[0]!.changes).toBeNull();
    expect(items[1]!.changes).toEqual({ role: ['warehouse', 'operator'], active: [true, false] });
    expect(items[2]!.changes).toEqual({ displayName: [`显示 ${member.username}`, '仓库老李'] });
    expect(items[4]).toMatchObject({ actorStaffId: owner.id, changes: { username: member.username, role: 'warehouse' } });
    expect(items[3]).toMatchObject({ actorStaffId: member.id });
    expect(JSON.stringify(items)).not.toMatch(/reset-pass|initial-pass|scrypt/);

    const byAction = await c.get(`/api/admin/audit-log?entityType=staff&action=staff.update&entityId=${member.id}`, owner.headers);
    expect(byAction.json().items).toHaveLength(2);
    const byActor = await c.get(`/api/admin/audit-log?entityType=staff&actorStaffId=${owner.id}&entityId=${member.id}`, owner.headers);
    expect(byActor.json().items.map((i: { action: string }) => i.action)).not.toContain('staff.login');
    expect(byActor.json().total).toBe(4);
    const since = await c.get(`/api/admin/audit-log?entityType=staff&entityId=${member.id}&from=${encodeURIComponent(middle)}`, owner.headers);
    expect(since.json().items.map((i: { action: string }) => i.action)).toEqual(['staff.password_reset', 'staff.update']);
    const until = await c.get(`/api/admin/audit-log?entityType=staff&entityId=${member.id}&from=${encodeURIComponent(start)}&to=${encodeURIComponent(middle)}`, owner.headers);
    // both ends are inclusive: the second update happened at `middle`
    expect(until.json().items.map((i: { action: string }) => i.action)).toEqual(['staff.update', 'staff.update', 'staff.login', 'staff.create']);
    const page2 = await c.get(`/api/admin/audit-log?entityType=staff&entityId=${member.id}&page=2&pageSize=2`, owner.headers);
    expect(page2.json()).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.json().items.map((i: { action: string }) => i.action)).toEqual(['staff.update', 'staff.login']);

    expectValidation(await c.get(`/api/admin/audit-log?from=${encodeURIComponent(middle)}&to=${encodeURIComponent(start)}`, owner.headers), 'from');
    expectValidation(await c.get('/api/admin/audit-log?from=yesterday', owner.headers), 'from');
    expectValidation(await c.get('/api/admin/audit-log?actorStaffId=abc', owner.headers), 'actorStaffId');
    expectValidation(await c.get(`/api/admin/audit-log?entityType=${'x'.repeat(10_240)}`, owner.headers), 'entityType');
  });

  it('rejects bad staff input with field errors and changes nothing', async () => {
    const owner = await ctx().staffSession('owner');
    const member = await createAndLogin(ctx, owner, 'warehouse');
    const c = clientOf(ctx);
    const staffBefore = await countRows(ctx, 'staff');
    const auditBefore = await countRows(ctx, 'audit_log');
    const huge = 'x'.repeat(10 * 1024);
    const good = { username: freshName(), displayName: 'ok', role: 'warehouse', password: 'password-1' };

    expectValidation(await c.post('/api/admin/staff', {}, owner.headers), 'username');
    expectValidation(await c.post('/api/admin/staff', { ...good, role: 'god' }, owner.headers), 'role');
    expectValidation(await c.post('/api/admin/staff', { ...good, username: 'has space' }, owner.headers), 'username');
    expectValidation(await c.post('/api/admin/staff', { ...good, username: 'ab' }, owner.headers), 'username');
    expectValidation(await c.post('/api/admin/staff', { ...good, username: huge }, owner.headers), 'username');
    expectValidation(await c.post('/api/admin/staff', { ...good, displayName: huge }, owner.headers), 'displayName');
    expectValidation(await c.post('/api/admin/staff', { ...good, displayName: '   ' }, owner.headers), 'displayName');
    expectValidation(await c.post('/api/admin/staff', { ...good, password: 'short' }, owner.headers), 'password');
    expectValidation(await c.post('/api/admin/staff', { ...good, password: 12345678 }, owner.headers), 'password');
    expectValidation(await c.patch(`/api/admin/staff/${member.id}`, {}, owner.headers), '');
    expectValidation(await c.patch(`/api/admin/staff/${member.id}`, { active: 'no' }, owner.headers), 'active');
    expectValidation(await c.patch(`/api/admin/staff/${member.id}`, { role: 'admin' }, owner.headers), 'role');
    expectValidation(await c.patch('/api/admin/staff/abc', { active: false }, owner.headers), 'id');
    expectValidation(await c.post(`/api/admin/staff/${member.id}/password`, { password: huge }, owner.headers), 'password');
    expectValidation(await c.post('/api/admin/auth/login', { username: 'x', password: 'y' }), 'username');
    expectValidation(await c.post('/api/admin/auth/login', { username: member.username }), 'password');
    expectValidation(await c.get('/api/admin/staff?pageSize=1000', owner.headers), 'pageSize');
    expectValidation(await c.get('/api/admin/staff?active=maybe', owner.headers), 'active');
    const missing = await c.patch('/api/admin/staff/2147483000', { active: false }, owner.headers);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');

    expect(await countRows(ctx, 'staff')).toBe(staffBefore);
    expect(await countRows(ctx, 'audit_log')).toBe(auditBefore);
    expect((await c.get('/api/admin/me', member.headers)).json()).toMatchObject({ role: 'warehouse' });
  });
});
