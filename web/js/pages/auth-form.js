// Shared by the sign-in and sign-up pages: with JavaScript the form is sent as JSON, so
// keel's errors can be shown beside their fields; without it the browser posts the form
// and keel's 303 does the rest (see index.html).
import { ApiError, request, currentUser, safeNext, mayHaveSession } from '../api.js';
import { $, busy } from '../dom.js';
import { clearErrors, readForm, showErrors } from '../forms.js';

// The notice above the form (role=status, or an error alert).
export function showNotice(text, kind = 'info') {
  const notice = $('[data-notice]');
  if (!notice) return;
  notice.textContent = text;
  notice.className = `alert alert-${kind}`;
  notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  notice.hidden = false;
}

// The ?next= of this page if it is a safe in-app path, else /app/.
export function nextFromQuery() {
  return safeNext(new URLSearchParams(location.search).get('next'));
}

// Wires `form` to POST `path` with the fields `fields`; on success goes to next.
export async function initAuthForm(form, path, fields) {
  const next = nextFromQuery();
  form.elements.namedItem('next').value = next;
  form.noValidate = true; // keel validates; its messages are shown beside the fields

  // Already signed in (a live session cookie)? Go straight on.
  if (mayHaveSession()) {
    currentUser()
      .then((user) => {
        if (user) location.replace(next);
      })
      .catch(() => {});
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const values = readForm(form);
    const body = {};
    for (const f of fields) if (values[f] !== undefined) body[f] = values[f];
    const button = $('button[type=submit]', form);
    try {
      await busy(button, () => request('POST', path, { body, auth: false }));
      location.assign(next);
    } catch (err) {
      const notice = $('[data-notice]');
      if (notice) notice.hidden = true;
      // keel's CONFLICT for a registered email names no field: it is about the email.
      if (err instanceof ApiError && err.code === 'CONFLICT' && !err.field && form.elements.namedItem('email')) {
        err.field = 'email';
        err.details = [{ field: 'email', message: err.message }];
      }
      showErrors(form, err);
    }
  });
}
