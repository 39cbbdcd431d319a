// The webhook-subscriptions page: keel's validation shown beside the URL, a subscription
// created with its signing secret shown once, listed with its events, then deleted.
// (Deliveries, retries and redeliver are exercised end to end by
// tests/e2e/webhooks_outbound.sh, which runs a receiver on loopback.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_TIMEOUT, assertClean, confirm, goto, launch, newContext, newPage, screenshot, signUp } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('webhook subscriptions: refused URL, create with the secret shown once, delete', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page, { name: null });
    await page.locator('#main-nav a', { hasText: 'Webhooks' }).click();
    await page.waitForURL('**/app/webhooks/');
    await page.getByText('No subscriptions yet.').waitFor();

    await page.getByLabel('URL').fill('http://169.254.169.254/latest');
    await page.getByLabel('time_entry.deleted').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('.field-error').first().waitFor();
    assert.match(await page.locator('.field-error').first().textContent(), /link-local|metadata|private/);

    // A documentation address (TEST-NET-1): public, and nothing here sends it an event.
    await page.getByLabel('URL').fill('https://192.0.2.10/hooks/keel');
    await page.getByLabel('Description').fill('<b>not bold</b>');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const secret = await page.locator('[data-secret]').textContent();
    assert.match(secret, /^whsec_[A-Za-z0-9+/=]+$/);
    const card = page.locator('[data-hook]');
    await card.waitFor();
    assert.match(await card.textContent(), /time_entry\.deleted — <b>not bold<\/b>/, 'the description is text, not HTML');
    await screenshot(page, 'webhooks');

    await goto(page, '/app/webhooks/');
    assert.equal(await page.locator('[data-secret]').count(), 0, 'the secret is not shown again');
    await page.locator('[data-hook]').getByRole('button', { name: 'Delete' }).click();
    await confirm(page, 'Delete');
    await page.getByText('No subscriptions yet.').waitFor();
    assertClean(page);
  } finally {
    await context.close();
  }
});
