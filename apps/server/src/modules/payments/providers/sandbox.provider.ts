// The sandbox as a PaymentProvider: the shop's side of the sandbox gateway's protocol.
import { z } from 'zod';
import { AppError } from '../../../platform/errors.ts';
import type { PaymentProvider, VerifiedNotice } from '../provider.ts';
import { SANDBOX_SIGNATURE_HEADER, type SandboxGateway } from './sandbox.gateway.ts';

const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const id = z.string().min(1).max(128);
const noticeSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('payment'),
    notifyId: id,
    outTradeNo: id,
    tradeNo: id,
    status: z.enum(['succeeded', 'authorized', 'failed']),
    amount,
    currency: z.literal('CNY'),
    occurredAt: z.iso.datetime({ offset: true }),
  }),
  z.object({
    type: z.literal('refund'),
    notifyId: id,
    outRefundNo: id,
    refundId: id,
    tradeNo: id,
    status: z.enum(['succeeded', 'failed']),
    amount,
    occurredAt: z.iso.datetime({ offset: true }),
  }),
]);

const invalid = (reason: string) => new AppError('PAYMENT_NOTICE_INVALID', { reason });

export function createSandboxProvider(gateway: SandboxGateway): PaymentProvider {
  return {
    name: 'sandbox',
    supportsAuthorize: true,

    async prepare(input) {
      const { tradeNo, payUrl } = await gateway.createTrade({
        outTradeNo: input.paymentNo,
        subject: input.subject,
        amount: input.amount,
        currency: input.currency,
        captureMode: input.capture,
        notifyUrl: input.notifyUrl,
        returnUrl: input.returnUrl,
        expiresAt: input.expiresAt,
      });
      return { payUrl, providerRef: tradeNo };
    },

    async verifyNotice({ headers, rawBody }): Promise<VerifiedNotice> {
      const header = headers[SANDBOX_SIGNATURE_HEADER];
      const signature = Array.isArray(header) ? header[0] : header;
      // The signature first: nothing in an unsigned body is believed.
      if (!gateway.verifySignature(rawBody, signature)) throw invalid('bad signature');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw invalid('malformed body');
      }
      const parsed = noticeSchema.safeParse(json);
      if (!parsed.success) throw invalid('unexpected content');
      const n = parsed.data;
      const occurredAt = new Date(n.occurredAt);
      if (n.type === 'payment') {
        return { kind: 'payment', paymentNo: n.outTradeNo, status: n.status, amount: n.amount, providerTxnId: n.tradeNo, occurredAt };
      }
      return { kind: 'refund', refundNo: n.outRefundNo, status: n.status, amount: n.amount, providerRefundId: n.refundId, occurredAt };
    },

    ack(ok) {
      return { status: ok ? 200 : 500, contentType: 'text/plain; charset=utf-8', body: ok ? 'success' : 'fail' };
    },

    async query({ paymentNo }) {
      const result = await gateway.query(paymentNo);
      return { status: result.status, amount: result.amount, providerTxnId: result.tradeNo };
    },

    async refund(input) {
      const result = await gateway.refund({ outTradeNo: input.paymentNo, tradeNo: input.providerTxnId, outRefundNo: input.refundNo, amount: input.amount });
      return { status: result.status, providerRefundId: result.refundId };
    },

    capture: (input) => gateway.capture({ outTradeNo: input.paymentNo, tradeNo: input.providerTxnId }),
    void: (input) => gateway.void({ outTradeNo: input.paymentNo, tradeNo: input.providerTxnId }),
    transfer: (input) => gateway.transfer(input),
    queryTransfer: (input) => gateway.queryTransfer(input),
  };
}
