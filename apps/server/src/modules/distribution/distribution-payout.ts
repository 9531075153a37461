// The payout side of withdrawals (提现打款): which payment provider can transfer money to a
// payee. The providers are the shop's payment providers (sandbox, Alipay): nothing here pretends.
import type { PayoutRoute } from '@mall/contract';
import type { PaymentProvider, PaymentProviders } from '../payments/index.ts';
import type { PayeeChannel, PayoutAvailability } from './distribution-withdrawals.rules.ts';

export interface PayoutPayee {
  channel: PayeeChannel;
  account: string;
  name: string;
}

export type ProviderRoute = Exclude<PayoutRoute, 'manual'>;
export const PROVIDER_ROUTES: readonly ProviderRoute[] = ['sandbox', 'alipay'];

/** A provider that can pay out: its transfer, and its query when the protocol has one. */
export interface PayoutGateway {
  readonly name: string;
  transfer: NonNullable<PaymentProvider['transfer']>;
  queryTransfer?: PaymentProvider['queryTransfer'];
}

export interface PayoutGateways {
  gatewayFor(route: ProviderRoute): PayoutGateway | undefined;
  availability(): PayoutAvailability;
}

/** The payout gateways of this instance: the configured payment providers that implement transfer. */
export function payoutGatewaysFrom(providers: PaymentProviders): PayoutGateways {
  function gatewayFor(route: ProviderRoute): PayoutGateway | undefined {
    const provider = providers.get(route);
    if (!provider?.transfer) return undefined;
    return { name: provider.name, transfer: provider.transfer.bind(provider), queryTransfer: provider.queryTransfer?.bind(provider) };
  }
  return {
    gatewayFor,
    availability: () => ({ alipay: Boolean(gatewayFor('alipay')), sandbox: Boolean(gatewayFor('sandbox')) }),
  };
}
