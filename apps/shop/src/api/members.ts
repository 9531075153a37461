import type { z } from 'zod';
import type { membershipView } from '@mall/contract';
import { http } from './http.ts';

/** My level, growth (fen), the next level and my level history, as it arrives on the wire. */
export type Membership = z.input<typeof membershipView>;

export const membersApi = {
  membership: () => http.get<Membership>('/api/me/membership'),
};
