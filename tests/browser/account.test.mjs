// Account: the sessions list (sign one other session out), recent auth events, and
// changing the password (errors beside the fields; the new password works, other
// sessions are signed out).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, TEST_TIMEOUT, apiCall, assertClean, goto, launch, newContext, newPage, ready, screenshot, signIn, signUp } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('sessions: another session is signed out from the list; events show the sign-ins', { timeout: TEST_TIMEOUT }, async () => {
  const a = await newContext(browser);
  const b = await newContext(browser);
  try {
    const pa = await newPage(a);
    const user = await signUp(pa);
    const pb = await newPage(b);
    await signIn(pb, user);

    await goto(pa, '/app/account/');
    const rows = pa.locator('#sessions-table tbody tr');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    const other = pa.locator('#sessions-table tbody tr[data-current="false"]');
    assert.match(await other.textContent(), /Chrome on Linux/);
    const revoked = pa.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/v1/auth/sessions/'));
    await other.getByRole('button').click();
    assert.equal((await revoked).status(), 204);
    await other.waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 1);

    // B is signed out at its next request.
    await pb.goto('/app/');
    await pb.waitForURL((u) => u.pathname === '/');
    await ready(pb);
    assert.equal((await apiCall(pb, 'GET', 'auth/me')).status, 401);

    // A is not.
    await pa.reload();
    await ready(pa);
    const types = await pa.locator('#events-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.type));
    assert.ok(types.includes('register'), `events: ${types}`);
    assert.ok(types.some((t) => t.startsWith('login')), `events: ${types}`);
    assertClean(pa);
    assertClean(pb);
  } finally {
    await a.close();
    await b.close();
  }
});

test('changing the password: errors beside the fields, then the new password works', { timeout: TEST_TIMEOUT }, async () => {
  const a = await newContext(browser);
  const b = await newContext(browser);
  const c = await newContext(browser);
  try {
    const pa = await newPage(a);
    const user = await signUp(pa);
    const pb = await newPage(b);
    await signIn(pb, user);
    await goto(pa, '/app/account/');
    const form = pa.locator('#password-form');
    const newPassword = 'a brand new passphrase';

    // Repeat differs: caught on the page, beside the repeat field.
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill(newPassword);
    await form.getByLabel('Repeat the new password').fill('something else');
    await form.getByRole('button', { name: 'Change password' }).click();
    await pa.locator('#confirm-password[aria-invalid="true"]').waitFor();

    // Wrong current password: keel's VALIDATION_ERROR names current_password.
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('Repeat the new password').fill(newPassword);
    const refused = pa.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password'));
    await form.getByRole('button', { name: 'Change password' }).click();
    assert.equal((await refused).status(), 400);
    await pa.locator('#current-password[aria-invalid="true"]').waitFor();
    assert.match(await pa.locator('#current-password-error').textContent(), /current_password|current password/i);
    assert.equal(await pa.locator('#confirm-password').getAttribute('aria-invalid'), null);
    await screenshot(pa, 'account-password-error');

    await form.getByLabel('Current password').fill(PASSWORD);
    const changed = pa.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password'));
    await form.getByRole('button', { name: 'Change password' }).click();
    assert.ok([200, 204].includes((await changed).status()));
    await pa.locator('#password-flash .alert-success').waitFor();

    // This browser stays signed in; the other one is out; the new password signs in.
    await pa.reload();
    await ready(pa);
    assert.equal(new URL(pa.url()).pathname, '/app/account/');
    assert.equal((await apiCall(pb, 'GET', 'auth/me')).status, 401);
    const pc = await newPage(c);
    await signIn(pc, { email: user.email, password: newPassword });
    assertClean(pa);
    assertClean(pc);
  } finally {
    await a.close();
    await b.close();
    await c.close();
  }
});
