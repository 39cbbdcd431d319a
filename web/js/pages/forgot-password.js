// Forgot password (/forgot-password/): POST auth/password/forgot. keel answers the same
// whether or not the account exists, and so does this page.
import { request } from '../api.js';
import { $, busy } from '../dom.js';
import { clearErrors, readForm, showErrors } from '../forms.js';
import { showNotice } from './auth-form.js';

export async function init() {
  const form = $('#forgot-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const { email } = readForm(form);
    try {
      await busy($('button[type=submit]', form), () =>
        request('POST', 'auth/password/forgot', { body: { email }, auth: false }),
      );
      showNotice('If an account has this address, a mail with a reset link and a code is on its way. It works for 30 minutes.');
      form.reset();
    } catch (err) {
      showErrors(form, err);
    }
  });
}
