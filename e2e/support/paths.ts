import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const serverDir = path.join(repoRoot, 'apps', 'server');
/**
 * The browser tests build the apps into their own folders (gitignored), so that a build someone
 * runs meanwhile into apps/shop/dist or apps/admin/dist cannot pull files from under the tested server.
 */
const distRoot = process.env.E2E_DIST_DIR ? path.resolve(process.env.E2E_DIST_DIR) : path.join(repoRoot, 'e2e', 'dist');
/** E2E_DIST_DIR gives two runs on one machine their own builds. */
export const shopDist = path.join(distRoot, 'shop');
export const adminDist = path.join(distRoot, 'admin');
/** Screenshots and failure captures; gitignored, kept by CI as test artefacts. */
export const artifactsDir = path.join(repoRoot, 'e2e', 'artifacts');
/** Debian's Chromium (`apt-get install chromium`, done by .ci/run); CHROMIUM_PATH to use another. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
