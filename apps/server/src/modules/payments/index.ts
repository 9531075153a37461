// What other modules may use of payments.
export { createPaymentService, REFUND_TOPIC, CAPTURE_TOPIC, VOID_TOPIC, type PaymentService, type StartPaymentInput, type RefundInput } from './payments.service.ts';
export { registerPaymentListener, type PaymentListener, type PaymentEvent, type RefundEvent } from './payments.listeners.ts';
export { paymentRoutes } from './payments.routes.ts';
export { registerPaymentJobs, sweepPending } from './payments.jobs.ts';
export { PAYMENT_TRANSITIONS, canTransition, assertTransition } from './payments.rules.ts';
export { createPaymentProviders, notifyUrlFor, SANDBOX_NOTICE_TOPIC, SANDBOX_SIGNATURE_HEADER, type SandboxGateway } from './providers/index.ts';
export { sandboxRoutes } from './providers/sandbox.routes.ts';
export { payments, refunds, paymentLedger } from './payments.tables.ts';
export type { PaymentProvider, PaymentProviders, ProviderName, TransferInput, TransferOutcome, VerifiedNotice } from './provider.ts';
export type { PaymentStatus, PaymentView, RefundView, PaymentStage } from '@mall/contract';
