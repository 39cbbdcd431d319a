// Create an account (/signup/ and /signup-failed/, where keel's no-JavaScript flow sends
// a refused form with ?error=CODE).
import { $ } from '../dom.js';
import { initAuthForm, showNotice } from './auth-form.js';

const ERRORS = {
  CONFLICT: 'An account with this email address already exists. Sign in instead?',
  VALIDATION_ERROR: 'Check the email address, and use a password of at least 8 characters that is not your email address.',
  RATE_LIMITED: 'Too many attempts. Wait a minute, then try again.',
};

export async function init() {
  const code = new URLSearchParams(location.search).get('error');
  if (code) showNotice(ERRORS[code] || 'We could not create your account. Please try again.', 'error');
  await initAuthForm($('#signup-form'), 'auth/register', ['name', 'email', 'password']);
}
