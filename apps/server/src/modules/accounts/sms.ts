import type { FastifyBaseLogger } from 'fastify';

/** Sends a text message. Real providers (Aliyun, Tencent Cloud) implement the same interface. */
export interface SmsProvider {
  readonly name: string;
  send(phone: string, text: string): Promise<void>;
}

export interface SandboxSms extends SmsProvider {
  /** Messages sent, newest last; for tests and the demo. */
  readonly sent: { phone: string; text: string; at: Date }[];
  lastTo(phone: string): string | undefined;
}

/** The default provider: writes the message to the log instead of sending it. */
export function createSmsSandbox(log: FastifyBaseLogger | Pick<Console, 'info'>): SandboxSms {
  const sent: { phone: string; text: string; at: Date }[] = [];
  return {
    name: 'sandbox',
    sent,
    async send(phone, text) {
      sent.push({ phone, text, at: new Date() });
      if (sent.length > 1000) sent.shift();
      (log as FastifyBaseLogger).info({ sms: { to: phone, text } }, 'sandbox SMS (not sent)');
    },
    lastTo(phone) {
      for (let i = sent.length - 1; i >= 0; i--) if (sent[i]!.phone === phone) return sent[i]!.text;
      return undefined;
    },
  };
}
