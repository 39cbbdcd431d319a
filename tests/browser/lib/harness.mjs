// Shared set-up of the browser tests (tests/browser/*.test.mjs): Debian's Chromium driven
// headless by playwright-core (installed in web/node_modules by scripts/install-web-deps;
// Playwright never downloads a browser here), against the real stack at
// KEEL_TEST_BASE_URL (nginx + keel workers + PostgreSQL over TLS; scripts/run-tests sets
// it, or export it yourself after scripts/run-stack start).
//
// Every page a test opens is watched: an uncaught exception, a console error (a CSP
// violation, a failed script or stylesheet, a 404 asset...) or a failed static request
// makes the test fail in assertClean(). The only console errors tolerated are Chromium's
// "Failed to load resource" lines for /api/ answers of 4xx: they are the API's normal
// answers (a 401 before a silent refresh, a 400 the page shows beside a field), which
// Chromium logs by itself and no page can silence.
//
// Screenshots go to ${KEEL_TEST_VAR:-/tmp}/screenshots/ (never committed).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

export const BASE = (process.env.KEEL_TEST_BASE_URL || '').replace(/\/$/, '');
export const CHROMIUM = process.env.KEEL_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = path.join(process.env.KEEL_TEST_VAR || '/tmp', 'screenshots');
export const PASSWORD = 'correct horse battery staple';
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 740 };
// Generous for a 2-core machine running PostgreSQL, keel, nginx and Chromium at once.
export const STEP_TIMEOUT = 15000;
export const TEST_TIMEOUT = 120000;

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launch() {
  assert.ok(BASE, 'KEEL_TEST_BASE_URL is not set: run scripts/run-tests, or start the stack (scripts/run-stack start) and export KEEL_TEST_BASE_URL=https://localhost:PORT');
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/install-web-deps`);
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60000 });
}

// A fresh browser context (its own cookie jar: one "browser" of one user).
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({
    baseURL: BASE,
    ignoreHTTPSErrors: true, // the stack's self-signed certificate
    viewport: DESKTOP,
    locale: 'en-US',
    timezoneId: 'UTC',
    ...options,
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT);
  return context;
}

const watched = new WeakMap();

// A new page whose console errors, uncaught exceptions and failed requests are recorded.
export async function newPage(context) {
  const page = await context.newPage();
  const problems = [];
  watched.set(page, problems);
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = (msg.location() && msg.location().url) || '';
    const text = msg.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text) && new URL(url || BASE, BASE).pathname.startsWith('/api/')) {
      return; // the API's ordinary 4xx answers, handled by the page
    }
    problems.push(`console error: ${text}${url ? ` (${url})` : ''}`);
  });
  page.on('response', (res) => {
    const u = new URL(res.url());
    if (u.origin === new URL(BASE).origin && !u.pathname.startsWith('/api/') && res.status() >= 400) {
      problems.push(`HTTP ${res.status()} for ${u.pathname}`);
    }
  });
  page.on('requestfailed', (req) => {
    const u = new URL(req.url());
    const failure = (req.failure() && req.failure().errorText) || '';
    // A navigation away aborts the page's in-flight requests: that is not an error.
    if (failure.includes('ERR_ABORTED')) return;
    problems.push(`request failed: ${req.method()} ${u.pathname} ${failure}`);
  });
  return page;
}

// Fails the test if the page logged an error (see the top of this file).
export function assertClean(page) {
  const problems = watched.get(page) || [];
  assert.deepEqual(problems, [], `problems on ${page.url()}:\n  ${problems.join('\n  ')}`);
}

export function uniqueEmail(tag) {
  return `${tag}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}@example.com`;
}

// Waits until the page's script has finished its first render (app.js sets
// <body data-ready="true">).
export async function ready(page) {
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
}

export async function goto(page, url) {
  await page.goto(url);
  await ready(page);
}

// Signs up through the form at /signup/ and waits for the dashboard.
export async function signUp(page, { email = uniqueEmail('user'), password = PASSWORD, name = 'Test User' } = {}) {
  await goto(page, '/signup/');
  if (name) await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/app/');
  await ready(page);
  return { email, password, name };
}

// Signs in through the form at / and waits for `next` (default the dashboard).
export async function signIn(page, { email, password = PASSWORD }, next = '/app/') {
  await goto(page, '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${next}`);
  await ready(page);
}

// Calls keel's API from inside the page, as the page's own scripts do: the browser's
// cookies and the X-CSRF-Token header from the readable CSRF cookie. Returns
// {status, body}.
export async function apiCall(page, method, apiPath, body) {
  return page.evaluate(
    async ([m, p, b]) => {
      const csrf = (document.cookie.split('; ').find((c) => c.startsWith('__Host-keel_csrf=')) || '').slice('__Host-keel_csrf='.length);
      const res = await fetch(`/api/v1/${p}`, {
        method: m,
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      const text = await res.text();
      let json = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      return { status: res.status, body: json };
    },
    [method, apiPath, body],
  );
}

// apiCall that must succeed (2xx); returns data.
export async function apiOk(page, method, apiPath, body) {
  const r = await apiCall(page, method, apiPath, body);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${apiPath} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body && r.body.data;
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top, so the sticky top bar is where a person sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Accepts the app's confirmation <dialog> (forms.js confirmDialog).
export async function confirm(page, label) {
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: label }).click();
  await dialog.waitFor({ state: 'detached' });
}

// Creates an administrator with `keel user create --admin` (the password on stdin), using
// the stack's configuration (KEEL_BIN and KEEL_TEST_ENV_FILE, set by scripts/run-tests).
// Returns null when those are not available.
export async function createAdmin(email, password = PASSWORD) {
  const bin = process.env.KEEL_BIN;
  const env = process.env.KEEL_TEST_ENV_FILE;
  if (!bin || !env || !fs.existsSync(bin) || !fs.existsSync(env)) return null;
  await new Promise((resolve, reject) => {
    const child = spawn(bin, ['user', 'create', '--email', email, '--admin', '--name', 'Test Admin', '--config', env], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME || '/root', LANG: 'C.UTF-8', TZ: 'UTC' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`keel user create exited ${code}: ${out}`));
    });
    child.stdin.end(`${password}\n`);
  });
  return { email, password };
}
