import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { AppConfig } from '../../src/config/app-config.js';
import { DEMO_PASSWORD } from '../../src/seed/demo-seeder.service.js';
import { startTestApp, type TestApp } from './test-app.js';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface VisitorPage {
  page: Page;
  /** Every address the page asked for, assets included: a visitor's browser must talk to nobody else. */
  requests: URL[];
  /** Errors the browser reported, among them every Content-Security-Policy refusal. */
  consoleErrors: string[];
}

export interface WebTest {
  app: TestApp;
  /** A page in a context of its own (fresh cookies), as a visitor opens it; JavaScript on unless `javaScript: false`. */
  visit(options?: { javaScript?: boolean; locale?: string }): Promise<VisitorPage>;
  close(): Promise<void>;
}

/**
 * The real app and one Chromium for a whole spec file: starting a browser per test would
 * cost more than the tests. Each visitor still gets a context of its own.
 */
export async function startWebTest(overrides: Partial<AppConfig> = {}, options: Parameters<typeof startTestApp>[1] = {}): Promise<WebTest> {
  const [started, launched] = await Promise.allSettled([
    startTestApp(overrides, options),
    chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }),
  ]);
  // One half up without the other would outlive the file: its database, its browser process.
  if (started.status === 'rejected' || launched.status === 'rejected') {
    await Promise.all([started.status === 'fulfilled' && started.value.close(), launched.status === 'fulfilled' && launched.value.close()]);
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const [app, browser] = [started.value, launched.value];
  const contexts: BrowserContext[] = [];
  return {
    app,
    async visit({ javaScript = true, locale = 'en-GB' } = {}) {
      const context = await browser.newContext({ baseURL: app.url, javaScriptEnabled: javaScript, locale });
      contexts.push(context);
      const page = await context.newPage();
      const visitor: VisitorPage = { page, requests: [], consoleErrors: [] };
      page.on('request', (request) => visitor.requests.push(new URL(request.url())));
      page.on('console', (message) => {
        if (message.type() === 'error') visitor.consoleErrors.push(message.text());
      });
      return visitor;
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close()));
      await Promise.all([browser.close(), app.close()]);
    },
  };
}

/** axe-core on the page as it is now: no serious or critical violation (it needs JavaScript on in the page's context). */
export async function expectAccessible(page: Page): Promise<void> {
  // Run in the page itself: the platform's pages have no frames, and axe's frame-by-frame mode opens
  // a blank page of its own to merge their results, most of a second per check.
  const axe = new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] });
  const { violations } = await axe.analyze();
  const blocking = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  expect({ url: page.url(), blocking }).toEqual({ url: page.url(), blocking: [] });
}

/** Browser tests start an app with the full demo world and a browser: more than the default test timeout. */
export const WEB_SETUP_TIMEOUT = 180_000;

/** Signs in through /login as a person does, by the form's labels (English unless `start` asks otherwise). */
export async function signIn(page: Page, email: string, start = '/login?lang=en'): Promise<void> {
  await page.goto(start);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState();
}

/** The page's main heading, as a person reads it first. */
export const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

/** Clicks a form's button and returns the status of the answer to its POST (303 when it was taken), once the page it leads to is loaded. */
export async function submit(page: Page, button: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}
