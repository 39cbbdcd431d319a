// Notes (/app/notes/, the README's "Adding a resource"): reached from the top bar; a blank
// title refused beside its field; a note created (pinned), found by search and by the
// pinned filter, unpinned (surviving a reload) and deleted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_TIMEOUT, apiOk, assertClean, confirm, launch, newContext, newPage, ready, screenshot, signUp } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Runs `action` and waits for the GET notes it causes and its rendering.
async function listAfter(page, action) {
  const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/notes' && r.request().method() === 'GET');
  await action();
  assert.equal((await res).status(), 200);
  await page.waitForFunction(() => !document.querySelector('#notes')?.hasAttribute('aria-busy'));
}

const titles = (page) => page.locator('#notes-table tbody .note-title').allTextContents();

test('a note is created, searched, filtered, unpinned and deleted', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page);
    await apiOk(page, 'POST', 'notes', { title: 'Packing list', body: 'passport\nchargers' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notes' }).click();
    await page.waitForURL('**/app/notes/');
    await ready(page);
    assert.deepEqual(await titles(page), ['Packing list']);

    const form = page.locator('#note-form');
    await form.getByRole('button', { name: 'Add note' }).click();
    await page.locator('#note-title[aria-invalid="true"]').waitFor();
    assert.equal(await form.locator('.field-error').first().textContent(), 'title is required');

    await form.getByLabel('Title').fill('Call the plumber');
    await form.getByLabel('Note').fill('Thursday morning');
    await form.getByLabel('Pin it').check();
    await listAfter(page, () => form.getByRole('button', { name: 'Add note' }).click());
    assert.deepEqual(await titles(page), ['Call the plumber', 'Packing list']);
    assert.equal(await page.locator('#note-count').textContent(), '2 notes');
    const row = page.locator('#notes-table tbody tr', { hasText: 'Call the plumber' });
    assert.equal(await row.getByRole('checkbox', { name: 'Pin “Call the plumber”' }).isChecked(), true);
    await screenshot(page, 'notes');

    await listAfter(page, () => page.getByLabel('Search').fill('plumb'));
    assert.deepEqual(await titles(page), ['Call the plumber']);
    await listAfter(page, () => page.getByLabel('Search').fill(''));
    await listAfter(page, () => page.getByLabel('Show').selectOption('true'));
    assert.deepEqual(await titles(page), ['Call the plumber']);
    await listAfter(page, () => page.getByLabel('Show').selectOption(''));
    await listAfter(page, () => page.getByLabel('Sort by').selectOption('title'));
    assert.deepEqual(await titles(page), ['Call the plumber', 'Packing list']);

    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await row.getByRole('checkbox').uncheck();
    assert.equal((await patched).status(), 200);
    await page.reload();
    await ready(page);
    assert.equal(await page.locator('#notes-table tbody tr', { hasText: 'Call the plumber' }).getByRole('checkbox').isChecked(), false);

    await page.getByRole('button', { name: 'Delete “Call the plumber”' }).click();
    await confirm(page, 'Delete note');
    await page.locator('#notes-table tbody tr', { hasText: 'Call the plumber' }).waitFor({ state: 'detached' });
    assert.deepEqual(await titles(page), ['Packing list']);
    assertClean(page);
  } finally {
    await context.close();
  }
});
