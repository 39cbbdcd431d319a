// API keys on the account page: create one (shown once, keel_ format), a script's
// request with it works without cookies, the list shows its prefix and last use, and
// deleting it from the list refuses the key at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_TIMEOUT, assertClean, confirm, goto, launch, newContext, newPage, signUp } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// A request as a script makes it: the key alone, no cookies, no CSRF token.
async function withKey(page, key, method, apiPath) {
  return page.evaluate(
    async ([k, m, p]) => (await fetch(`/api/v1/${p}`, { method: m, credentials: 'omit', headers: { Authorization: `Bearer ${k}` } })).status,
    [key, method, apiPath],
  );
}

test('API keys: created once on the account page, used by a script, deleted', { timeout: TEST_TIMEOUT }, async () => {
  const ctx = await newContext(browser);
  try {
    const page = await newPage(ctx);
    await signUp(page);
    await goto(page, '/app/account/');
    const form = page.locator('#key-form');

    // An unknown scope: keel's message beside the scopes field.
    await form.getByLabel('Label', { exact: true }).fill('nightly export');
    await form.getByLabel('Scopes').fill('tasks:write nonsense:read');
    await form.getByRole('button', { name: 'Create key' }).click();
    await page.locator('#key-scopes[aria-invalid="true"]').waitFor();

    await form.getByLabel('Scopes').fill('tasks:read');
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/auth/api-keys'));
    await form.getByRole('button', { name: 'Create key' }).click();
    assert.equal((await created).status(), 201);
    await page.locator('#key-created').waitFor();
    const key = await page.locator('#key-secret').inputValue();
    assert.match(key, /^keel_[0-9A-Za-z]{49}$/);

    const row = page.locator('#keys-table tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    assert.match(await row.first().textContent(), new RegExp(`nightly export.*${key.slice(0, 12)}.*tasks:read`));

    assert.equal(await withKey(page, key, 'GET', 'tasks'), 200);
    assert.equal(await withKey(page, key, 'GET', 'projects'), 403);
    assert.equal(await withKey(page, key, 'POST', 'auth/logout'), 403);

    // After a reload the key itself is gone from the page; the list shows its last use.
    await page.reload();
    await row.first().waitFor();
    assert.equal(await page.locator('#key-created').isHidden(), true);
    assert.notEqual((await row.first().locator('td[data-label="Last used"]').textContent()).trim(), 'Never');

    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/v1/auth/api-keys/'));
    await row.first().getByRole('button', { name: /Delete key/ }).click();
    await confirm(page, 'Delete key');
    assert.equal((await deleted).status(), 204);
    await page.locator('#keys-table').waitFor({ state: 'detached' });
    assert.equal(await withKey(page, key, 'GET', 'tasks'), 401);
    assertClean(page);
  } finally {
    await ctx.close();
  }
});
