// Shared by the Alipay and WeChat Pay end-to-end tests: a listener that records what the
// payments module reports, and starting a payment at a gateway the way orders do.
import { afterAll, beforeAll, expect } from 'vitest';
import { AppError } from '../../src/platform/errors.ts';
import { registerPaymentListener, type PaymentEvent, type ProviderName, type RefundEvent } from '../../src/modules/payments/index.ts';
import type { ProviderAppContext } from './provider-app.ts';

/** Registers a listener for `refType` for the suite's lifetime; returns the events it saw. */
export function recordPaymentEvents(refType: string) {
  const events = { succeeded: [] as PaymentEvent[], refunded: [] as RefundEvent[] };
  let undo: () => void = () => undefined;
  beforeAll(() => {
    undo = registerPaymentListener(refType, {
      onSucceeded: async (_tx, e) => void events.succeeded.push(e),
      onRefunded: async (_tx, e) => void events.refunded.push(e),
    });
  });
  afterAll(() => undo());
  return events;
}

let counter = 0;

/** payments.start in a transaction, then payments.prepare after it commits. */
export async function startGatewayPayment<G>(
  context: ProviderAppContext<G>,
  input: { refType: string; provider: ProviderName; stage: 'full' | 'deposit' | 'balance'; amount: number; subject: string; clientIp: string },
) {
  const { app, clock } = context;
  const shopperId = await context.newShopperId();
  const refId = `${input.provider.slice(0, 1).toUpperCase()}${Date.now()}${counter++}`;
  const started = await app.db.transaction((tx) =>
    app.services.payments.start(tx, {
      refType: input.refType,
      refId,
      stage: input.stage,
      amount: input.amount,
      currency: 'CNY',
      subject: `${input.subject} ${refId}`,
      shopperId,
      provider: input.provider,
      expiresAt: new Date(clock.now().getTime() + 30 * 60_000),
    }),
  );
  const prepared = await app.services.payments.prepare(started.paymentNo, { clientIp: input.clientIp });
  return { ...started, refId, prepared };
}

/** Awaits a promise that must fail with an AppError of `code`; returns the error. */
export async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}
