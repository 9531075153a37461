import closeWithGrace from 'close-with-grace';
import { loadConfig, ConfigError } from './config.ts';
import { buildApp } from './app.ts';
import { seedDemo } from './demo/seed.ts';
import { ShiftedClock } from './platform/test-clock.ts';

async function main() {
  const config = loadConfig();
  // Browser tests move time through /api/test/clock; everyone else runs on the wall clock.
  const built = await buildApp({ config, clock: config.testClockControl ? new ShiftedClock() : undefined });
  const { app } = built;
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down gracefully');
    await app.close();
  });
  if (config.demo.enabled) await seedDemo(built, { ownerPassword: config.demo.ownerPassword });
  if (config.jobs.enabled) built.jobs.start();
  await app.listen({ host: config.host, port: config.port });
  app.log.info(`Mall API on ${config.publicBaseUrl}/api (docs: ${config.publicBaseUrl}/api/docs), database: ${built.database.kind}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
