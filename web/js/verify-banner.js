// The "verify your email" banner of the app pages: shown while the signed-in user has no
// email_verified_at, with the code from the mail typed in place, or a new mail sent.
import { request } from './api.js';
import { h } from './dom.js';

export function showVerifyBanner(user, main) {
  if (!user || user.email_verified_at) return;
  const status = h('span', { role: 'status' });
  const code = h('input', {
    class: 'input input-sm', name: 'code', inputmode: 'numeric', maxlength: '6',
    autocomplete: 'one-time-code', 'aria-label': 'Verification code',
  });
  const form = h('form', { class: 'btn-row' }, code,
    h('button', { class: 'btn btn-sm btn-primary', type: 'submit' }, 'Verify'),
    h('button', { class: 'btn btn-sm btn-ghost', type: 'button', 'data-resend': '' }, 'Send a new mail'),
    status);
  const banner = h('div', { class: 'alert alert-info', 'data-verify-banner': '' },
    h('p', {}, `Please confirm ${user.email}: enter the code from the mail we sent, or open its link.`), form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await request('POST', 'auth/email/verify', { body: { code: code.value.trim() } });
      banner.remove();
    } catch (err) {
      status.textContent = err.message || 'That code did not work.';
    }
  });
  form.querySelector('[data-resend]').addEventListener('click', async () => {
    try {
      await request('POST', 'auth/email/verify/request');
      status.textContent = 'A new mail is on its way.';
    } catch (err) {
      status.textContent = err.message || 'Could not send a mail now.';
    }
  });
  main.prepend(banner);
}
