// The payment providers of this instance, built from configuration. The sandbox is the default
// (development, demos, tests); Alipay and WeChat Pay join when their keys are configured.
import type { Config } from '../../../config.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db.ts';
import type { PaymentProvider, PaymentProviders, ProviderName } from '../provider.ts';
import { createSandboxGateway, type SandboxGateway } from './sandbox.gateway.ts';
import { createSandboxProvider } from './sandbox.provider.ts';
import { createAlipayProvider } from './alipay.ts';
import { createWechatPayProvider } from './wechat.ts';

export const notifyUrlFor = (publicBaseUrl: string, provider: ProviderName) => `${publicBaseUrl}/api/payments/notify/${provider}`;

export function createPaymentProviders(
  config: Readonly<Pick<Config, 'payments' | 'publicBaseUrl'>>,
  deps: { db: Db; clock: Clock },
): { providers: PaymentProviders; sandbox: SandboxGateway | null } {
  const providers = new Map<ProviderName, PaymentProvider>();
  let sandbox: SandboxGateway | null = null;
  if (config.payments.sandbox.enabled) {
    sandbox = createSandboxGateway({ db: deps.db, clock: deps.clock, secret: config.payments.sandbox.secret, publicBaseUrl: config.publicBaseUrl });
    providers.set('sandbox', createSandboxProvider(sandbox));
  }
  if (config.payments.alipay) {
    providers.set('alipay', createAlipayProvider({ config: config.payments.alipay, clock: deps.clock }));
  }
  if (config.payments.wechat) {
    providers.set(
      'wechat',
      createWechatPayProvider({ config: config.payments.wechat, clock: deps.clock, notifyUrl: notifyUrlFor(config.publicBaseUrl, 'wechat') }),
    );
  }
  return { providers, sandbox };
}

export { SANDBOX_NOTICE_TOPIC, SANDBOX_SIGNATURE_HEADER, type SandboxGateway } from './sandbox.gateway.ts';
