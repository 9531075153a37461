import { afterAll } from 'vitest';

// Vant measures placeholders (nav bars, action bars) again 100, 200 and 300 ms after they mount.
// Letting those timers run out before a file's environment is torn down keeps them from firing
// into a window that no longer exists.
afterAll(() => new Promise<void>((resolve) => setTimeout(resolve, 350)));
