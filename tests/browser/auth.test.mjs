// Sign-up, sign-in (with and without JavaScript), sign-out, the silent refresh shared by
// concurrent requests and tabs, and "sign out everywhere" across two browsers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PASSWORD, TEST_TIMEOUT, apiCall, assertClean, confirm, goto, launch, newContext, newPage, ready, screenshot,
  signIn, signUp, uniqueEmail,
} from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('sign up, then the dashboard shows the summary; tokens stay in HttpOnly cookies', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await goto(page, '/');
    await screenshot(page, 'signin');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL('**/signup/');
    await ready(page);
    await screenshot(page, 'signup');
    const user = await signUp(page, { name: 'Ada Lovelace' });

    await page.locator('[data-stat="tasks"] .stat-value').waitFor();
    assert.equal(await page.locator('[data-stat="tasks"] .stat-value').textContent(), '0');
    assert.equal(await page.locator('[data-stat="projects"] .stat-value').textContent(), '0');
    assert.equal(await page.locator('[data-stat="minutes"] .stat-value').textContent(), '0 min');
    assert.match(await page.locator('[data-greeting]').textContent(), /Ada Lovelace/);
    assert.equal(await page.locator('[data-user-email]').textContent(), user.email);
    await screenshot(page, 'dashboard-empty');

    // Cookie auth only: nothing in Web Storage, the JWT and refresh token not readable.
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.doesNotMatch(storage, /eyJ|token/i, 'no token in localStorage/sessionStorage');
    const visible = await page.evaluate(() => document.cookie);
    assert.doesNotMatch(visible, /keel_access|keel_refresh/);
    assert.match(visible, /__Host-keel_csrf=/);
    const cookies = await context.cookies();
    const byName = Object.fromEntries(cookies.map((c) => [c.name, c]));
    assert.equal(byName['__Host-keel_access'].httpOnly, true);
    assert.equal(byName['__Secure-keel_refresh'].httpOnly, true);
    assert.equal(byName['__Secure-keel_refresh'].path, '/api');
    assertClean(page);
  } finally {
    await context.close();
  }
});

test('errors are shown beside the field they name', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    const email = uniqueEmail('err');
    await goto(page, '/signup/');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const pw = page.locator('#signup-password');
    await page.locator('#signup-password-error').waitFor();
    assert.equal(await pw.getAttribute('aria-invalid'), 'true');
    assert.match(await pw.getAttribute('aria-describedby'), /signup-password-error/);
    assert.match(await page.locator('#signup-password-error').textContent(), /8/);
    await screenshot(page, 'signup-error');

    // A valid sign-up, then a wrong password at sign-in: one message for the form.
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/app/');
    await context.clearCookies();
    await goto(page, '/');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.locator('#signin-form [data-form-error]');
    await alert.waitFor();
    assert.ok((await alert.textContent()).length > 0);
    assert.equal(new URL(page.url()).pathname, '/');
    await screenshot(page, 'signin-error');

    // Signing up again with the same email: the conflict is reported.
    await goto(page, '/signup/');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#signup-email[aria-invalid="true"]').waitFor();
    assert.match(await page.locator('#signup-email-error').textContent(), /already/i);
    assertClean(page);
  } finally {
    await context.close();
  }
});

test('sign-in works with JavaScript disabled (form post, 303 to next)', { timeout: TEST_TIMEOUT }, async () => {
  const setup = await newContext(browser);
  const noJs = await newContext(browser, { javaScriptEnabled: false });
  try {
    const page = await newPage(setup);
    const user = await signUp(page);
    await setup.close();

    const p = await newPage(noJs);
    // A wrong password: keel's 303 goes to the form's `error` page.
    await p.goto('/');
    await p.getByLabel('Email').fill(user.email);
    await p.getByLabel('Password').fill('wrong password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL('**/signin-failed/**');
    assert.equal(new URL(p.url()).searchParams.get('error'), 'UNAUTHORIZED');
    assert.match(await p.locator('[data-notice]').textContent(), /could not sign you in/i);
    assert.equal((await noJs.cookies()).some((c) => c.name === '__Host-keel_access'), false);
    await screenshot(p, 'signin-failed-nojs');

    // The right password, from the failure page's own form: 303 to /app/ with cookies.
    const responses = [];
    p.on('response', (r) => {
      if (r.url().includes('/api/v1/auth/login')) responses.push(r.status());
    });
    await p.getByLabel('Email').fill(user.email);
    await p.getByLabel('Password').fill(user.password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL('**/app/');
    assert.deepEqual(responses, [303]);
    const names = (await noJs.cookies()).map((c) => c.name).sort();
    assert.deepEqual(names, ['__Host-keel_access', '__Host-keel_csrf', '__Secure-keel_refresh']);
    // The dashboard needs JavaScript and says so.
    assert.match(await p.locator('noscript, .alert').first().textContent(), /JavaScript/);

    // Signing up again with that email, without JavaScript: 303 to the sign-up failure page.
    await noJs.clearCookies();
    await p.goto('/signup/');
    await p.getByLabel('Email').fill(user.email);
    await p.getByLabel('Password').fill(user.password);
    await p.getByRole('button', { name: 'Create account' }).click();
    await p.waitForURL('**/signup-failed/**');
    assert.equal(new URL(p.url()).searchParams.get('error'), 'CONFLICT');
    assert.match(await p.locator('[data-notice]').textContent(), /could not create your account/i);
    assertClean(p);
  } finally {
    await noJs.close();
  }
});

test('signing out ends the session and app pages send the user to sign in', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    const user = await signUp(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/?signed_out=1');
    await ready(page);
    assert.match(await page.locator('[data-notice]').textContent(), /signed out/i);
    assert.equal((await context.cookies()).some((c) => c.name === '__Host-keel_access' && c.value), false);

    await page.goto('/app/tasks/');
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('next') === '/app/tasks/');
    await ready(page);
    assert.match(await page.locator('[data-notice]').textContent(), /sign in to continue/i);

    // Signing out after the access cookie has expired still ends the session (the page
    // refreshes first), so the refresh cookie cannot sign the browser back in.
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/app/tasks/');
    await ready(page);
    await context.clearCookies({ name: '__Host-keel_access' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/?signed_out=1');
    await ready(page);
    await page.goto('/app/');
    await page.waitForURL((u) => u.pathname === '/');
    assert.equal((await apiCall(page, 'POST', 'auth/refresh')).status, 401);
    assertClean(page);
  } finally {
    await context.close();
  }
});

// Counts POST auth/refresh requests made by `page`.
function countRefreshes(page) {
  const seen = { count: 0, statuses: [] };
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/auth/refresh') seen.count += 1;
  });
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/auth/refresh') seen.statuses.push(r.status());
  });
  return seen;
}

test('an expired access cookie is refreshed silently: one refresh for concurrent requests, two tabs at once stay signed in', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    const user = await signUp(page);
    const refreshes = countRefreshes(page);

    // Several requests get 401 at once: they share one refresh, then all succeed.
    await context.clearCookies({ name: '__Host-keel_access' });
    const results = await page.evaluate(async () => {
      const { api } = await import('/js/api.js');
      const all = await Promise.all([api.get('auth/me'), api.get('auth/sessions'), api.get('auth/events'), api.get('auth/me')]);
      return all.map((r) => r.status);
    });
    assert.deepEqual(results, [200, 200, 200, 200]);
    assert.equal(refreshes.count, 1, 'one shared refresh');
    assert.deepEqual(refreshes.statuses, [200]);

    // Two tabs of the same browser load app pages at the same moment with no access
    // cookie: both refresh (serialised across tabs, or within keel's reuse window) and
    // both stay signed in.
    const other = await newPage(context);
    await goto(other, '/app/account/');
    await goto(page, '/app/tasks/');
    await context.clearCookies({ name: '__Host-keel_access' });
    const r1 = countRefreshes(page);
    const r2 = countRefreshes(other);
    await Promise.all([page.reload(), other.reload()]);
    await Promise.all([ready(page), ready(other)]);
    assert.equal(new URL(page.url()).pathname, '/app/tasks/');
    assert.equal(new URL(other.url()).pathname, '/app/account/');
    assert.ok(r1.count + r2.count >= 1, 'at least one refresh happened');
    assert.ok([...r1.statuses, ...r2.statuses].every((s) => s === 200), `refresh statuses ${r1.statuses} ${r2.statuses}`);
    assert.equal(await other.locator('[data-user-email]').textContent(), user.email);

    // And the session is still good afterwards (no reuse detection revoked it).
    await page.reload();
    await ready(page);
    assert.equal(new URL(page.url()).pathname, '/app/tasks/');
    const me = await apiCall(page, 'GET', 'auth/me');
    assert.equal(me.status, 200);
    assertClean(page);
    assertClean(other);
  } finally {
    await context.close();
  }
});

test('every unsafe request carries X-CSRF-Token equal to the CSRF cookie', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page);
    const csrf = (await context.cookies()).find((c) => c.name === '__Host-keel_csrf').value;
    const unsafe = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/') && !['GET', 'HEAD'].includes(r.method())) {
        unsafe.push({ path: new URL(r.url()).pathname, token: r.headers()['x-csrf-token'] });
      }
    });
    await goto(page, '/app/account/');
    await page.getByLabel('Name').fill('Renamed User');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.locator('#profile-flash .alert').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
    await page.waitForURL('**/?signed_out=1');
    assert.ok(unsafe.length >= 2, `saw ${JSON.stringify(unsafe)}`);
    for (const u of unsafe) assert.equal(u.token, csrf, `${u.path} carries the CSRF token`);
    assertClean(page);
  } finally {
    await context.close();
  }
});

test('"sign out everywhere" in one browser signs the other browser out', { timeout: TEST_TIMEOUT }, async () => {
  const a = await newContext(browser);
  const b = await newContext(browser);
  try {
    const pa = await newPage(a);
    const user = await signUp(pa);
    const pb = await newPage(b);
    await signIn(pb, user);

    await goto(pa, '/app/account/');
    await pa.locator('#sessions-table tbody tr').nth(1).waitFor();
    assert.equal(await pa.locator('#sessions-table tbody tr').count(), 2);
    assert.equal(await pa.locator('#sessions-table tbody tr[data-current="true"]').count(), 1);
    await screenshot(pa, 'account');

    await pa.getByRole('button', { name: 'Sign out everywhere' }).click();
    await confirm(pa, 'Sign out everywhere');
    await pa.waitForURL('**/?signed_out=1');

    // The other browser's next page load finds its session revoked, its refresh refused.
    await pb.goto('/app/tasks/');
    await pb.waitForURL((u) => u.pathname === '/' && u.searchParams.get('next') === '/app/tasks/');
    await ready(pb);
    const me = await apiCall(pb, 'GET', 'auth/me');
    assert.equal(me.status, 401);
    assertClean(pa);
    assertClean(pb);
  } finally {
    await a.close();
    await b.close();
  }
});
