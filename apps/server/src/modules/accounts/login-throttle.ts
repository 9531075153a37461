import type { Clock } from '../../platform/clock.ts';
import type { Db, DbOrTx } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { clearIdentifierFailures, deleteLoginAttempt, insertLoginAttempt, recentFailures } from './accounts.repo.ts';
import { THROTTLE_LOOKBACK_MS, throttleVerdict } from './accounts.rules.ts';

export interface AttemptKey {
  kind: 'email' | 'username' | 'phone';
  /** Lower-cased e-mail or username, or the E.164 phone. */
  identifier: string;
  ip: string | null;
}

export interface Attempt {
  id: number;
  key: AttemptKey;
}

/**
 * Durable sign-in throttling (works across instances). An attempt is written *before* its secret
 * is checked and counts as a failure until it is known to have succeeded, so a burst of parallel
 * guesses cannot slip past the limit: each sees the rows of those before it.
 */
export function createLoginThrottle(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  /** Registers an attempt, or throws RATE_LIMITED (and forgets it) while the identifier or IP is locked. */
  async function begin(key: AttemptKey): Promise<Attempt> {
    const now = clock.now();
    const identifier = key.kind === 'phone' ? key.identifier : key.identifier.toLowerCase();
    const normalised = { ...key, identifier };
    const id = await insertLoginAttempt(db, { ...normalised, createdAt: now });
    const failures = await recentFailures(db, { ...normalised, since: new Date(now.getTime() - THROTTLE_LOOKBACK_MS), exceptId: id });
    const verdict = throttleVerdict({ identifierFailures: failures.identifier, ipFailures: failures.ip, now });
    if (!verdict.allowed) {
      await deleteLoginAttempt(db, id);
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds, scope: verdict.scope });
    }
    return { id, key: normalised };
  }

  /** The secret was right: in the caller's transaction, forget this attempt and clear the identifier's failures. */
  async function succeeded(tx: DbOrTx, attempt: Attempt): Promise<void> {
    await deleteLoginAttempt(tx, attempt.id);
    await clearIdentifierFailures(tx, attempt.key.kind, attempt.key.identifier, clock.now());
  }

  /** The secret was right but sign-in is refused for another reason: the attempt is not a failure. */
  async function abandon(attempt: Attempt): Promise<void> {
    await deleteLoginAttempt(db, attempt.id);
  }

  // A failed attempt needs nothing: its row stays and counts.
  return { begin, succeeded, abandon };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
