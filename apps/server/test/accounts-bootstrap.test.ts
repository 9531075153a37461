import { expect, it } from 'vitest';
import { ensureOwner } from '../src/modules/accounts/index.ts';
import { describeEachDatabase } from './harness.ts';
import { clientOf, countRows } from './accounts-helpers.ts';

describeEachDatabase('accounts: first owner', (ctx) => {
  it('creates the owner only while there is no staff at all', async () => {
    expect(await countRows(ctx, 'staff')).toBe(0);
    const input = { username: 'Boss', password: 'demo-owner-2026', displayName: '店主' };
    const created = await ctx().db.transaction((tx) => ctx().services.accounts.ensureOwner(tx, input));
    expect(created).toBe(true);
    expect(await ctx().db.transaction((tx) => ensureOwner(tx, { ...input, username: 'other' }, ctx().clock))).toBe(false);
    expect(await countRows(ctx, 'staff')).toBe(1);
    expect(await countRows(ctx, 'audit_log', `action = 'staff.create' and actor_name = 'system'`)).toBe(1);

    const login = await clientOf(ctx).post('/api/admin/auth/login', { username: 'boss', password: 'demo-owner-2026' });
    expect(login.statusCode).toBe(200);
    expect(login.json().staff).toMatchObject({ username: 'boss', displayName: '店主', role: 'owner' });
    const [row] = await ctx().database.query<{ created_at: Date }>(`select created_at from staff where username = 'boss'`);
    expect(new Date(row!.created_at).toISOString()).toBe(ctx().clock.now().toISOString());
  });

  it('rolls back with the caller’s transaction', async () => {
    await ctx().database.query('delete from staff');
    await expect(
      ctx().db.transaction(async (tx) => {
        await ensureOwner(tx, { username: 'ghost', password: 'password-123', displayName: 'x' }, ctx().clock);
        throw new Error('seed failed later');
      }),
    ).rejects.toThrow('seed failed later');
    expect(await countRows(ctx, 'staff')).toBe(0);
  });
});
