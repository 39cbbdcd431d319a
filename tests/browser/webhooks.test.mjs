// The webhook-subscriptions page: keel's validation shown beside the URL, a subscription
// created with its signing secret shown once, listed with its events, then deleted; and
// the delivery log of a subscription to a receiver on loopback (the shared test stack runs
// with KEEL_WEBHOOK_ALLOW_PRIVATE=1), with Redeliver sending the event again. Retries,
// dead deliveries and signature checks with the standardwebhooks library are in
// tests/e2e/webhooks_outbound.sh.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { TEST_TIMEOUT, apiOk, assertClean, confirm, goto, launch, newContext, newPage, screenshot, signUp } from './lib/harness.mjs';

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

// A receiver on loopback that answers 200 and keeps every request's headers and body.
async function startReceiver() {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, url: `http://127.0.0.1:${server.address().port}/hook`, close: () => server.close() };
}

async function until(what, predicate, ms = 20000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    assert.ok(Date.now() < deadline, `${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('webhook deliveries: the log shows a delivery to a loopback receiver, Redeliver sends it again', { timeout: TEST_TIMEOUT }, async () => {
  const receiver = await startReceiver();
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page, { name: null });
    await goto(page, '/app/webhooks/');
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByLabel('task.created').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('[data-hook]').waitFor();
    await page.locator('[data-hook]').getByText('No deliveries yet.').waitFor();

    await apiOk(page, 'POST', 'tasks', { title: 'announced by webhook' });
    await until('the receiver gets the task.created delivery', () => receiver.received.length >= 1);
    const first = receiver.received[0];
    assert.equal(JSON.parse(first.body).type, 'task.created');
    assert.match(first.headers['webhook-signature'] || '', /^v1,/);

    // The page shows it once keel has recorded the answer.
    await until('the delivery log shows the delivery as succeeded', async () => {
      await goto(page, '/app/webhooks/');
      return (await page.locator('[data-delivery] [data-status="succeeded"]').count()) === 1;
    });
    const row = page.locator('[data-delivery]');
    assert.match(await row.textContent(), /task\.created/);
    assert.match(await row.textContent(), /200/);
    await screenshot(page, 'webhooks-deliveries');

    await row.getByRole('button', { name: 'Redeliver' }).click();
    await until('Redeliver sends the event again', () => receiver.received.length >= 2);
    assert.equal(receiver.received[1].headers['webhook-id'], first.headers['webhook-id'], 'the same message id');
    assert.equal(JSON.parse(receiver.received[1].body).data.title, 'announced by webhook');
    assertClean(page);
  } finally {
    await context.close();
    receiver.close();
  }
});
