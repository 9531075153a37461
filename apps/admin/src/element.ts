// Element Plus, registered component by component: only what the back office uses is bundled.
import type { App, Plugin } from 'vue';
import * as used from './element-components.ts';

export function installElementPlus(app: App): void {
  for (const plugin of Object.values(used) as Plugin[]) app.use(plugin);
}
