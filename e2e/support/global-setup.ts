import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { adminDist, chromiumPath, repoRoot, shopDist } from './paths.ts';

/**
 * Once per run: check Chromium is there and build both web apps into e2e/dist (the test server
 * serves them from there). E2E_SKIP_BUILD=1 reuses the last builds, for quick reruns.
 */
export default function setup(): void {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}. Install it with: apt-get install -y chromium fonts-noto-cjk (.ci/run does), or set CHROMIUM_PATH.`);
  }
  if (process.env.E2E_SKIP_BUILD !== '1') {
    const started = Date.now();
    build('@mall/shop', shopDist);
    build('@mall/admin', adminDist);
    console.log(`e2e: built apps/shop and apps/admin into ${path.dirname(shopDist)} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  for (const dist of [shopDist, adminDist]) {
    if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: the web app did not build`);
  }
}

function build(workspace: string, outDir: string): void {
  const args = ['run', 'build', '-w', workspace, '--', '--outDir', outDir, '--emptyOutDir'];
  const result = spawnSync('npm', args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`Building ${workspace} failed (npm ${args.join(' ')}, exit ${result.status}):\n${tail(result.stdout)}\n${tail(result.stderr)}`);
  }
}

function tail(text: string, lines = 60): string {
  return text.split('\n').slice(-lines).join('\n');
}
