// Sign in (/ and /signin-failed/, where keel's no-JavaScript flow sends a refused form
// with ?error=CODE). Also says why the user is here: signed out, sent from a page that
// needs a session, or a refused attempt.
import { request } from '../api.js';
import { $, h } from '../dom.js';
import { initAuthForm, nextFromQuery, showNotice } from './auth-form.js';

const ERRORS = {
  UNAUTHORIZED: 'Wrong email address or password.',
  RATE_LIMITED: 'Too many attempts. Wait a minute, then try again.',
  VALIDATION_ERROR: 'Enter your email address and password.',
  FORBIDDEN: 'The sign-in was refused because it did not come from this site. Reload the page and try again.',
};

export async function init() {
  const params = new URLSearchParams(location.search);
  const code = params.get('error');
  if (code) showNotice(ERRORS[code] || 'We could not sign you in. Please try again.', 'error');
  else if (params.has('signed_out')) showNotice('You have been signed out.');
  else if (params.has('next')) showNotice('Please sign in to continue.');
  await Promise.all([initAuthForm($('#signin-form'), 'auth/login', ['email', 'password']), showProviders()]);
}

// One "Sign in with …" link per configured OpenID Connect provider.
async function showProviders() {
  const box = $('#oidc-providers');
  try {
    const { data } = await request('GET', 'auth/oauth/providers', { auth: false });
    if (!data || !data.length) return;
    const next = encodeURIComponent(nextFromQuery());
    box.replaceChildren(...data.map((p) => h('a', { class: 'btn btn-block', href: `${p.start_url}?next=${next}`, dataset: { provider: p.name } }, `Sign in with ${p.label}`)));
    box.hidden = false;
  } catch {
    // No buttons: the password form still works.
  }
}
