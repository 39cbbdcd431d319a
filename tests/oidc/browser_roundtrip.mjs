// The whole "Sign in with …" round trip in Chromium, run by tests/e2e/oidc_test.sh against
// its own stack (KEEL_TEST_BASE_URL) and the provider it started: the sign-in page shows
// a button per configured provider; clicking "Sign in with Test ID" goes through the
// provider and back to keel's callback, which lands on /app/ signed in as the identity
// the test chose (OIDC_EMAIL); the account page then lists the provider among the
// sign-in methods and refuses to unlink the only one. Exits non-zero with the reason.
import assert from 'node:assert/strict';
import { apiCall, assertClean, launch, newContext, newPage, ready } from '../browser/lib/harness.mjs';

const email = process.env.OIDC_EMAIL;
const browser = await launch();
try {
  const context = await newContext(browser);
  const page = await newPage(context);
  await page.goto('/');
  await ready(page);
  const button = page.getByRole('link', { name: 'Sign in with Test ID' });
  await button.waitFor();
  assert.equal(await page.locator('#oidc-providers a').count(), 5);
  await button.click();
  await page.waitForURL((u) => u.pathname === '/app/', { timeout: 20000 });
  await ready(page);
  const me = await apiCall(page, 'GET', 'auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.data.email, email);
  // The account page lists the provider among the sign-in methods; unlinking the only
  // way in is refused with keel's message in the row.
  await page.goto('/app/account/');
  await ready(page);
  const row = page.locator('#identities-table tbody tr[data-provider="real"]');
  await row.waitFor();
  assert.match(await row.textContent(), /Test ID/);
  await row.getByRole('button', { name: 'Unlink Test ID' }).click();
  await page.locator('dialog[open]').getByRole('button', { name: 'Unlink' }).click();
  await row.locator('.alert').waitFor();
  assert.match(await row.textContent(), /only way to sign in/);
  assertClean(page);
  console.log(`signed in as ${me.body.data.email}`);
} finally {
  await browser.close();
}
