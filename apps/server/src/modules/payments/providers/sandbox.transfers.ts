// The sandbox gateway's transfers (提现打款): kept in its own table so that a transfer number
// answers the same outcome however often it is asked, across restarts. A transfer succeeds,
// except to an account starting with "fail" (to rehearse a failed payout).
import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import type { TransferInput, TransferOutcome } from '../provider.ts';
import { sandboxTransfers } from './sandbox.tables.ts';

type TransferRow = typeof sandboxTransfers.$inferSelect;

export const SANDBOX_TRANSFER_REFUSAL = 'sandbox: payee account refused';

function outcomeOf(row: TransferRow): TransferOutcome {
  return row.status === 'succeeded' ? { status: 'succeeded', providerRef: row.transferId } : { status: 'failed', reason: row.failureReason ?? SANDBOX_TRANSFER_REFUSAL, providerRef: row.transferId };
}

export function createSandboxTransfers(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function find(transferNo: string): Promise<TransferRow | undefined> {
    const [row] = await db.select().from(sandboxTransfers).where(eq(sandboxTransfers.transferNo, transferNo)).limit(1);
    return row;
  }

  async function transfer(input: TransferInput): Promise<TransferOutcome> {
    const refused = input.payee.account.startsWith('fail');
    await db
      .insert(sandboxTransfers)
      .values({
        transferId: `SBT${crypto.randomBytes(10).toString('hex')}`,
        transferNo: input.transferNo,
        amount: input.amount,
        payeeAccount: input.payee.account,
        payeeName: input.payee.name,
        remark: input.remark.slice(0, 200),
        status: refused ? 'failed' : 'succeeded',
        failureReason: refused ? SANDBOX_TRANSFER_REFUSAL : null,
        createdAt: clock.now(),
      })
      .onConflictDoNothing({ target: sandboxTransfers.transferNo });
    const row = (await find(input.transferNo))!;
    // Like a real gateway: the same number with other details is refused, never paid again.
    if (row.amount !== input.amount || row.payeeAccount !== input.payee.account) {
      return { status: 'failed', reason: 'sandbox: transfer number reused with different details', providerRef: row.transferId };
    }
    return outcomeOf(row);
  }

  async function queryTransfer({ transferNo }: { transferNo: string }): Promise<TransferOutcome | { status: 'not_found' }> {
    const row = await find(transferNo);
    return row ? outcomeOf(row) : { status: 'not_found' };
  }

  return { transfer, queryTransfer, findTransfer: find };
}
