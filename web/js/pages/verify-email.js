// /verify-email/#token=… (from the verification or email-change mail): confirms the
// address of the signed-in user. `&change=1` marks an email change.
import { request } from '../api.js';
import { $, h, render } from '../dom.js';

export async function init() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  const out = $('#verify-result');
  if (!token) {
    render(out, h('div', { class: 'alert alert-error' }, 'This link has no token. Open the link from the mail again.'));
    return;
  }
  const path = params.get('change') ? 'auth/email/change/confirm' : 'auth/email/verify';
  try {
    const { data } = await request('POST', path, { body: { token } });
    history.replaceState(null, '', location.pathname);
    $('[data-verify-banner]')?.remove();
    render(out, h('div', { class: 'alert alert-success' }, `${data.email} is confirmed.`));
  } catch (err) {
    render(out, h('div', { class: 'alert alert-error' }, err.message || 'This link is invalid, used or expired.'));
  }
}
