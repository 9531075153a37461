// The payout side of the payment provider (提现打款): the interface the withdrawal flow codes
// against, and the sandbox used by default (no real money moves).

export interface PayoutPayee {
  channel: 'alipay' | 'wechat' | 'bank';
  account: string;
  name: string;
}

export interface PayoutProvider {
  readonly name: string;
  /** Pays out once per payoutNo: a repeat of the same payoutNo answers the first outcome. */
  payout(input: { payoutNo: string; amount: number; payee: PayoutPayee }): Promise<{ status: 'succeeded' | 'failed'; payoutRef?: string; reason?: string }>;
}

/** Sandbox payouts: succeed, except to an account starting with "fail" (to rehearse a failed payout). */
export function createSandboxPayoutProvider(): PayoutProvider & { calls: () => number } {
  const outcomes = new Map<string, { status: 'succeeded' | 'failed'; payoutRef?: string; reason?: string }>();
  let calls = 0;
  return {
    name: 'sandbox',
    calls: () => calls,
    async payout({ payoutNo, payee }) {
      calls++;
      const known = outcomes.get(payoutNo);
      if (known) return known;
      const outcome = payee.account.startsWith('fail')
        ? { status: 'failed' as const, reason: 'sandbox: payee account refused' }
        : { status: 'succeeded' as const, payoutRef: `SBX-PO-${payoutNo}` };
      outcomes.set(payoutNo, outcome);
      return outcome;
    },
  };
}
