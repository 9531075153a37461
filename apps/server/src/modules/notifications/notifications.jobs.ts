// Delivery of e-mail and SMS copies from the outbox, as external handlers: no transaction is held
// open while the mail server or SMS gateway answers. A failed send throws, so the job runner
// retries it with backoff (and parks it as dead after its last attempt).
import { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import type { JobRunner } from '../../platform/jobs.ts';
import type { SmsProvider } from '../accounts/index.ts';
import type { Mailer } from './notifications.mailer.ts';

export const EMAIL_TOPIC = 'notifications.email';
export const SMS_TOPIC = 'notifications.sms';

export const emailPayload = z.object({ to: z.string().min(3), subject: z.string(), text: z.string() });
export type EmailPayload = z.infer<typeof emailPayload>;
export const smsPayload = z.object({ phone: z.string().min(3), text: z.string().min(1) });
export type SmsPayload = z.infer<typeof smsPayload>;

export function registerNotificationJobs(
  jobs: Pick<JobRunner, 'handleExternal'>,
  deps: { mailer: Mailer | null; sms: SmsProvider; log: Pick<FastifyBaseLogger, 'info'> },
) {
  jobs.handleExternal(EMAIL_TOPIC, async (payload) => {
    const mail = emailPayload.parse(payload);
    if (!deps.mailer) {
      // Enqueued while SMTP was configured; it no longer is, so there is nothing to send with.
      deps.log.info({ topic: EMAIL_TOPIC }, 'e-mail dropped: SMTP is not configured');
      return;
    }
    await deps.mailer.send(mail);
  });
  jobs.handleExternal(SMS_TOPIC, async (payload) => {
    const sms = smsPayload.parse(payload);
    await deps.sms.send(sms.phone, sms.text);
  });
}
