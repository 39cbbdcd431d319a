// Sign in (/ and /signin-failed/, where keel's no-JavaScript flow sends a refused form
// with ?error=CODE). Also says why the user is here: signed out, sent from a page that
// needs a session, or a refused attempt.
import { $ } from '../dom.js';
import { initAuthForm, showNotice } from './auth-form.js';

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
  await initAuthForm($('#signin-form'), 'auth/login', ['email', 'password']);
}
