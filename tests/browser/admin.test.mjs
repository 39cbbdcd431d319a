// Admin: dashboard items (published by an admin, read by everyone); the users list with search, changing a role, disabling an account (which signs
// its user out at once); a non-admin sees neither the link nor the list.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_TIMEOUT, apiCall, assertClean, confirm, createAdmin, goto, launch, newContext, newPage, ready, screenshot, signIn, signUp, uniqueEmail } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a non-admin has no admin link and is refused the users list', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page);
    assert.equal(await page.locator('#main-nav a', { hasText: 'Admin' }).count(), 0);
    await goto(page, '/app/admin/');
    await page.locator('#admin-denied').waitFor();
    assert.equal(await page.locator('#admin-users').isVisible(), false);
    assert.equal((await apiCall(page, 'GET', 'users')).status, 403);
    assertClean(page);
  } finally {
    await context.close();
  }
});

test('an admin finds a user, changes the role and disables the account', { timeout: TEST_TIMEOUT }, async (t) => {
  const admin = await createAdmin(uniqueEmail('admin'));
  if (!admin) {
    t.skip('KEEL_BIN and KEEL_TEST_ENV_FILE are needed to create an admin (scripts/run-tests sets them)');
    return;
  }
  const ua = await newContext(browser);
  const aa = await newContext(browser);
  try {
    const pu = await newPage(ua);
    const user = await signUp(pu, { name: 'Grace Hopper' });
    const pa = await newPage(aa);
    await signIn(pa, admin);

    // Dashboard items: the admin publishes one, every user reads it; only admins write.
    const title = `Maintenance window ${Date.now()}`;
    await pa.locator('#item-form').getByLabel('Title').fill(title);
    await pa.locator('#item-form').getByLabel('Content').fill('Saturday 02:00–03:00 UTC.');
    await pa.getByRole('button', { name: 'Publish item' }).click();
    await pa.locator('#items .item', { hasText: title }).waitFor();
    await pu.reload();
    await ready(pu);
    await pu.locator('#items .item', { hasText: title }).waitFor();
    assert.equal(await pu.locator('#item-form').isVisible(), false);
    assert.equal(await pu.getByRole('button', { name: `Delete ${title}` }).count(), 0);
    assert.equal((await apiCall(pu, 'POST', 'dashboard/items', { title: 'Not allowed' })).status, 403);
    await pa.getByRole('button', { name: `Delete ${title}` }).click();
    await confirm(pa, 'Delete');
    await pa.locator('#items .item', { hasText: title }).waitFor({ state: 'detached' });

    await pa.locator('#main-nav a', { hasText: 'Admin' }).click();
    await pa.waitForURL('**/app/admin/');
    await ready(pa);
    await pa.locator('#users-table').waitFor();

    const search = pa.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/users' && new URL(r.url()).searchParams.get('q') === user.email);
    await pa.getByLabel('Search').fill(user.email);
    assert.equal((await search).status(), 200);
    const row = pa.locator(`#users-table tbody tr[data-email="${user.email}"]`);
    await row.waitFor();
    await pa.waitForFunction(() => document.querySelectorAll('#users-table tbody tr').length === 1);
    assert.match(await row.textContent(), /Grace Hopper/);
    await screenshot(pa, 'admin');

    // Role: user → admin.
    const patched = pa.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/users/'));
    await row.getByLabel(`Role of ${user.email}`).selectOption('admin');
    assert.equal((await patched).status(), 200);
    await pu.reload();
    await ready(pu);
    await pu.locator('#main-nav a', { hasText: 'Admin' }).waitFor();

    // Disable: the user's next request fails and the page goes to sign in.
    const disabled = pa.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/users/'));
    await row.getByRole('button', { name: `Disable ${user.email}` }).click();
    assert.equal((await disabled).status(), 200);
    await row.locator('[data-status]', { hasText: 'Disabled' }).waitFor();
    await pu.goto('/app/tasks/');
    await pu.waitForURL((u) => u.pathname === '/');
    assert.equal((await apiCall(pu, 'GET', 'auth/me')).status, 401);

    // The admin's own row cannot be demoted or disabled from here.
    await pa.getByLabel('Search').fill(admin.email);
    const own = pa.locator(`#users-table tbody tr[data-email="${admin.email}"]`);
    await own.waitFor();
    assert.equal(await own.getByLabel(`Role of ${admin.email}`).isDisabled(), true);
    assertClean(pa);
  } finally {
    await ua.close();
    await aa.close();
  }
});
