import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Api, type Session, type Shopper } from './api.ts';
import { launchBrowser, openPage, screenshot, type OpenedPage, type ScreenSize } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** What a browser test works with: its own server and Chromium, and helpers around them. */
export interface Scenario {
  server: TestServer;
  baseUrl: string;
  api: Api;
  browser: Browser;
  /** A new page (own cookies) at phone size, 390×844, touch. */
  phone(): Promise<OpenedPage>;
  /** A new page (own cookies) at desktop size, 1440×900. */
  desktop(): Promise<OpenedPage>;
  open(size: ScreenSize): Promise<OpenedPage>;
  /** A new shopper signed up through the API; with a page, that page's context is signed in as them. */
  shopper(page?: OpenedPage): Promise<Shopper>;
  /** The demo owner signed in through the API; with a page, its context is signed in to the back office. */
  owner(page?: OpenedPage): Promise<Session & { staffId: number }>;
  /** Moves the server clock forward, then runs the jobs that became due (timeouts, windows, reminders). */
  advance(ms: number): Promise<Date>;
  /** Runs every sweeper and delivers due messages now. */
  runJobs(): Promise<{ swept: number; delivered: number }>;
  /** Saves e2e/artifacts/<scenario>-<name>.png: the screen as shown, or the whole page. */
  shot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
}

/**
 * Call once at the top of a test file: starts a server (fresh database, demo data, clock
 * control) and Chromium before the tests and stops them after; closes the pages a test opened
 * and saves a screenshot of each when the test failed. Returns a getter for the scenario.
 */
export function useScenario(name: string, options: { env?: Record<string, string> } = {}): () => Scenario {
  let scenario: Scenario | undefined;
  let opened: OpenedPage[] = [];

  beforeAll(async () => {
    const server = await startServer({ env: options.env });
    const browser = await launchBrowser().catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    const api = new Api(server.baseUrl);
    const open = async (size: ScreenSize) => {
      const page = await openPage(browser, server.baseUrl, size);
      opened.push(page);
      return page;
    };
    scenario = {
      server,
      baseUrl: server.baseUrl,
      api,
      browser,
      open,
      phone: () => open('phone'),
      desktop: () => open('desktop'),
      async shopper(page) {
        const shopper = await api.signUpShopper();
        if (page) await api.giveSession(page.context, shopper);
        return shopper;
      },
      async owner(page) {
        const owner = await api.signInOwner();
        if (page) await api.giveSession(page.context, owner);
        return owner;
      },
      async advance(ms) {
        const now = await api.clock.advance(ms);
        await api.runJobs();
        return now;
      },
      runJobs: () => api.runJobs(),
      shot: (page, shotName, shotOptions) => screenshot(page, `${name}-${shotName}`, shotOptions),
    };
  });

  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail';
    for (const [index, page] of opened.entries()) {
      if (failed) {
        await screenshot(page.page, `${name}-FAILED-${context.task.name}-${index}`, { fullPage: true }).catch(() => undefined);
        if (page.errors.length > 0) console.error(`page ${index} errors:\n${page.errors.join('\n')}`);
      }
      await page.context.close().catch(() => undefined);
    }
    if (failed && scenario) console.error(`server log (last lines):\n${scenario.server.logs()}`);
    opened = [];
  });

  afterAll(async () => {
    await scenario?.browser.close().catch(() => undefined);
    await scenario?.server.stop();
  });

  return () => {
    if (!scenario) throw new Error('the scenario is not ready (useScenario must be called at the top of the file)');
    return scenario;
  };
}

/** Visible Chinese text (CJK Unified Ideographs), to tell a rendered Chinese page from a blank one. */
export const CHINESE = /[\u4e00-\u9fff]{2,}/;
