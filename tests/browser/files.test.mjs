// Files in the browser app: an avatar chosen on the account page is previewed, uploaded
// (PUT auth/me/avatar) and shown from keel's own URL, then removed; a task's Files dialog
// takes a file dropped on it (progress bar, POST files + POST tasks/{id}/attachments),
// lists it with a download link, shows the storage used, and removes it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_TIMEOUT, apiOk, assertClean, goto, launch, newContext, newPage, signUp } from './lib/harness.mjs';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('account: avatar preview, upload, shown from keel, removed; storage used', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page);
    await goto(page, '/app/account/');
    await page.locator('#account-usage').filter({ hasText: 'used' }).waitFor();
    assert.match(await page.locator('#account-usage').textContent(), /^Files: 0 B of 100 MB used\.$/);
    await page.setInputFiles('#avatar-file', { name: 'me.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForFunction(() => document.querySelector('#avatar-preview').src.startsWith('data:image/png'));
    const put = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/api/v1/auth/me/avatar'));
    await page.getByRole('button', { name: 'Upload avatar' }).click();
    assert.equal((await put).status(), 200);
    await page.waitForFunction(() => /\/api\/v1\/files\/[0-9a-f-]{36}\/content$/.test(document.querySelector('#avatar-preview').src));
    const loaded = await page.locator('#avatar-preview').evaluate((img) => img.decode().then(() => img.naturalWidth));
    assert.equal(loaded, 1);
    await page.locator('#account-usage').filter({ hasNotText: ' 0 B ' }).waitFor();
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.locator('#avatar-preview').waitFor({ state: 'hidden' });
    const me = await apiOk(page, 'GET', 'auth/me');
    assert.equal((me.user || me).avatar_url, null);
    assertClean(page);
  } finally {
    await context.close();
  }
});

test('tasks: drop a file on a task, progress, download link, remove', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page);
    await apiOk(page, 'POST', 'tasks', { title: 'Task with files' });
    await goto(page, '/app/tasks/');
    await page.getByRole('button', { name: 'Files of “Task with files”' }).click();
    const dialog = page.locator('#task-files');
    await dialog.getByText('No files yet').waitFor();

    // A real drop: a DataTransfer holding a File, dispatched on the drop zone.
    const transfer = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['notes for the task\n'], 'notes.txt', { type: 'text/plain' }));
      return dt;
    });
    const attached = page.waitForResponse((r) => r.request().method() === 'POST' && /\/tasks\/[^/]+\/attachments$/.test(r.url()));
    await page.dispatchEvent('#attachment-drop', 'dragover', { dataTransfer: transfer });
    await page.dispatchEvent('#attachment-drop', 'drop', { dataTransfer: transfer });
    assert.equal((await attached).status(), 201);
    const row = dialog.locator('.file-row');
    await row.waitFor();
    assert.equal(await page.locator('#upload-progress').evaluate((p) => p.value), 1);
    const link = row.getByRole('link', { name: 'notes.txt' });
    const href = await link.getAttribute('href');
    assert.match(href, /^\/api\/v1\/files\/[0-9a-f-]{36}\/content$/);
    const body = await page.evaluate((u) => fetch(u).then((r) => r.text()), href);
    assert.equal(body, 'notes for the task\n');
    await dialog.locator('#files-usage').filter({ hasText: '19 B of 100 MB used' }).waitFor();

    await row.getByRole('button', { name: 'Remove “notes.txt”' }).click();
    await dialog.getByText('No files yet').waitFor();
    const files = await apiOk(page, 'GET', 'files');
    assert.equal(files.length, 0);
    assertClean(page);
  } finally {
    await context.close();
  }
});
