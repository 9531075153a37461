import { z } from 'zod';
import type { App } from './http.ts';
import type { Clock } from './clock.ts';
import type { Database } from './db.ts';
import { migrationStatus } from './migrate.ts';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ kind: z.enum(['pglite', 'postgresql']), reachable: z.boolean() }),
  migrations: z.object({ applied: z.number(), latest: z.string().nullable(), pending: z.number() }),
  time: z.string(),
});

export function healthRoutes(app: App, deps: { database: Database; clock: Clock }) {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and readiness: database kind, reachability and migration version',
        response: {
          200: healthSchema,
          503: healthSchema,
        },
      },
    },
    async (_request, reply) => {
      let reachable = true;
      try {
        await deps.database.query('SELECT 1');
      } catch {
        reachable = false;
      }
      const migrations = reachable ? await migrationStatus(deps.database) : { applied: 0, latest: null, pending: 0 };
      const ok = reachable && migrations.pending === 0;
      return reply.status(ok ? 200 : 503).send({
        status: ok ? ('ok' as const) : ('degraded' as const),
        database: { kind: deps.database.kind, reachable },
        migrations,
        time: deps.clock.now().toISOString(),
      });
    },
  );
}
