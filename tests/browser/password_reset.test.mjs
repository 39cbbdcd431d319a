// The whole forgotten-password flow in Chromium: "Forgot your password?" on the sign-in
// page, the mail keel's job worker sends (as the test SMTP server received it,
// $KEEL_TEST_SMTP_DIR),
// its link opened in the browser (opening it consumes nothing), a new password, every
// session signed out, and sign-in with the new password. Also the code path without
// the link.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  PASSWORD, TEST_TIMEOUT, apiCall, apiOk, assertClean, goto, launch, newContext, newPage, screenshot, signIn, signUp,
} from './lib/harness.mjs';

const MAIL_DIR = process.env.KEEL_TEST_SMTP_DIR || path.join(process.env.KEEL_TEST_VAR || '', 'mail');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// The text part of every mail to `to` whose subject is `subject`, oldest first.
function mailsTo(to, subject) {
  if (!fs.existsSync(MAIL_DIR)) return [];
  return fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith('.eml')).sort().flatMap((f) => {
    const raw = fs.readFileSync(path.join(MAIL_DIR, f), 'utf8');
    if (!raw.includes(`\r\nTo: ${to}\r\n`) || !raw.includes(`\r\nSubject: ${subject}\r\n`)) return [];
    const part = raw.split('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n')[1];
    return [Buffer.from(part.split('--keel-')[0].replace(/\s+/g, ''), 'base64').toString('utf8')];
  });
}

async function waitForMail(to, subject, count) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const mails = mailsTo(to, subject);
    if (mails.length >= count) return mails[count - 1];
    assert.ok(Date.now() < deadline, `no mail "${subject}" to ${to} in ${MAIL_DIR} within 15 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('forgot password: the mailed link sets a new password and signs every device out', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  const other = await newContext(browser);
  try {
    const page = await newPage(context);
    const user = await signUp(page, { name: 'Grace Hopper' });
    const elsewhere = await newPage(other);
    await signIn(elsewhere, user);
    await context.clearCookies();

    await goto(page, '/');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL('**/forgot-password/');
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.locator('[data-notice]').getByText(/a mail with a reset link/).waitFor();
    await screenshot(page, 'forgot-password-sent');

    const text = await waitForMail(user.email, 'Reset your keel password', 1);
    const link = text.match(/https?:\/\/\S+\/reset-password\/#token=[A-Za-z0-9_-]+/);
    assert.ok(link, `a reset link in the mail:\n${text}`);
    assert.match(text, /code: \d{6}/);
    const url = new URL(link[0]);
    // Opening the link twice (as a mail scanner would) consumes nothing.
    await goto(page, url.pathname + url.hash);
    await goto(page, url.pathname + url.hash);
    assert.equal(await page.getByLabel('Code from the mail').isVisible(), false, 'the link needs no code');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.locator('.field-error').first().waitFor();
    const fresh = `${PASSWORD} renewed`;
    await page.getByLabel('New password', { exact: true }).fill(fresh);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.locator('[data-notice]').getByText(/Your password was changed/).waitFor();
    assert.doesNotMatch(page.url(), /token=/, 'the used token leaves the address bar');
    await screenshot(page, 'reset-password-done');

    // The other browser's session was revoked.
    const me = await apiCall(elsewhere, 'GET', 'auth/me');
    assert.equal(me.status, 401);
    await signIn(page, { email: user.email, password: fresh });
    assertClean(page);
  } finally {
    await context.close();
    await other.close();
  }
});

test('reset with the code from the mail, without the link', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    const user = await signUp(page, { name: null });
    await context.clearCookies();
    await goto(page, '/forgot-password/');
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.locator('[data-notice]').getByText(/a mail with a reset link/).waitFor();
    const code = (await waitForMail(user.email, 'Reset your keel password', 1)).match(/code: (\d{6})/)[1];
    await goto(page, '/reset-password/');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Code from the mail').fill(code === '000000' ? '111111' : '000000');
    await page.getByLabel('New password', { exact: true }).fill(`${PASSWORD} by code`);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.locator('.field-error, [data-form-error]:not([hidden])').first().waitFor();
    await page.getByLabel('Code from the mail').fill(code);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.locator('[data-notice]').getByText(/Your password was changed/).waitFor();
    await signIn(page, { email: user.email, password: `${PASSWORD} by code` });
    assertClean(page);
  } finally {
    await context.close();
  }
});

test('verify-email banner: shown after sign-up, the code from the registration mail clears it', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    const user = await signUp(page, { name: null });
    const banner = page.locator('[data-verify-banner]');
    await banner.waitFor();
    assert.match(await banner.textContent(), new RegExp(`confirm ${user.email.replace(/[.+]/g, '\\$&')}`));
    const code = (await waitForMail(user.email, 'Confirm your email address for keel', 1)).match(/code: (\d{6})/)[1];
    await banner.getByLabel('Verification code').fill(code === '000000' ? '111111' : '000000');
    await banner.getByRole('button', { name: 'Verify' }).click();
    await banner.locator('[role=status]').filter({ hasText: /./ }).waitFor();
    await banner.getByLabel('Verification code').fill(code);
    await banner.getByRole('button', { name: 'Verify' }).click();
    await banner.waitFor({ state: 'detached' });
    const { email_verified_at: verified } = await apiOk(page, 'GET', 'auth/me');
    assert.ok(verified, 'email_verified_at is set');
    await goto(page, '/app/');
    assert.equal(await page.locator('[data-verify-banner]').count(), 0, 'no banner once verified');
    assertClean(page);
  } finally {
    await context.close();
  }
});
