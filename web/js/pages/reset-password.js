// Choose a new password (/reset-password/): with the link's #token=… the page asks only
// for the new password; without it, for the email and the code from the mail. Opening
// the page consumes nothing: only the POST auth/password/reset does.
import { request } from '../api.js';
import { $, $$, busy } from '../dom.js';
import { clearErrors, readForm, showErrors } from '../forms.js';
import { showNotice } from './auth-form.js';

export async function init() {
  const form = $('#reset-form');
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  form.elements.namedItem('token').value = token;
  for (const field of $$('[data-code-field]', form)) field.hidden = Boolean(token);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const values = readForm(form);
    const body = { new_password: values.new_password || '' };
    if (token) body.token = token;
    else Object.assign(body, { email: values.email, code: values.code });
    try {
      await busy($('button[type=submit]', form), () =>
        request('POST', 'auth/password/reset', { body, auth: false }),
      );
      form.hidden = true;
      showNotice('Your password was changed and every device was signed out. You can sign in now.', 'success');
      history.replaceState(null, '', location.pathname); // the used token leaves the address bar
    } catch (err) {
      showErrors(form, err);
    }
  });
}
