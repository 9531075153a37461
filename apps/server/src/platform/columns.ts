import { timestamp } from 'drizzle-orm/pg-core';

/** UTC timestamps, as JS Dates. Set from the injected clock by services, never by `now()` in SQL. */
export const utc = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdUpdated = () => ({
  createdAt: utc('created_at').notNull(),
  updatedAt: utc('updated_at').notNull(),
});
