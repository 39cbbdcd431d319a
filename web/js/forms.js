// Forms: reading values, and showing keel's validation errors beside the fields they
// name (error.field / error.details[].field), with aria-invalid and aria-describedby so
// screen readers announce them. Errors that name no field on this form go to the form's
// [data-form-error] box. Also a confirmation dialog built on <dialog>.
import { ApiError } from './api.js';
import { h, render, uid } from './dom.js';

// Removes every error shown on the form.
export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const describedBy = (el.getAttribute('aria-describedby') || '')
      .split(' ')
      .filter((id) => id && !id.endsWith('-error'));
    if (describedBy.length) el.setAttribute('aria-describedby', describedBy.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const p of form.querySelectorAll('.field-error')) p.remove();
  const box = form.querySelector('[data-form-error]');
  if (box) {
    box.hidden = true;
    render(box);
  }
}

// Control for a field name: a form element, or [data-field=name] for composite inputs.
function controlFor(form, name) {
  if (!name) return null;
  const byName = form.elements.namedItem(name);
  if (byName && !(byName instanceof RadioNodeList)) return byName;
  if (byName instanceof RadioNodeList && byName.length) return byName[0];
  return form.querySelector(`[data-field="${CSS.escape(name)}"]`);
}

// Shows one message under the control for `field`. Returns false when the form has no
// such control.
export function showFieldError(form, field, message) {
  const control = controlFor(form, field);
  if (!control || control.type === 'hidden') return false;
  if (!control.id) control.id = uid('f');
  const errId = `${control.id}-error`;
  let p = form.querySelector(`#${CSS.escape(errId)}`);
  if (!p) {
    p = h('p', { class: 'field-error', id: errId });
    const anchor = control.closest('.field') || control.parentElement;
    anchor.appendChild(p);
  }
  p.textContent = message;
  control.setAttribute('aria-invalid', 'true');
  const describedBy = new Set((control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean));
  describedBy.add(errId);
  control.setAttribute('aria-describedby', Array.from(describedBy).join(' '));
  return true;
}

export function showFormError(form, message) {
  let box = form.querySelector('[data-form-error]');
  if (!box) {
    box = h('div', { class: 'alert alert-error', role: 'alert', 'data-form-error': true });
    form.prepend(box);
  }
  box.className = 'alert alert-error';
  box.setAttribute('role', 'alert');
  render(box, message);
  box.hidden = false;
}

// Shows an ApiError (or any error) on the form: each detail beside its field, the rest
// in the form's error box. Focuses the first invalid field. `fieldMap` renames API field
// names to form control names when they differ.
export function showErrors(form, err, fieldMap = {}) {
  clearErrors(form);
  const general = [];
  let first = null;
  if (err instanceof ApiError && err.details && err.details.length) {
    for (const d of err.details) {
      const name = fieldMap[d.field] || d.field;
      if (name && showFieldError(form, name, d.message || err.message)) {
        first = first || controlFor(form, name);
      } else {
        general.push(d.message || err.message);
      }
    }
  } else if (err instanceof ApiError && err.field && showFieldError(form, fieldMap[err.field] || err.field, err.message)) {
    first = controlFor(form, fieldMap[err.field] || err.field);
  } else {
    general.push((err && err.message) || 'Something went wrong.');
  }
  if (general.length) showFormError(form, Array.from(new Set(general)).join(' '));
  if (first && typeof first.focus === 'function') first.focus();
  else {
    const box = form.querySelector('[data-form-error]');
    if (box && !box.hidden) box.focus?.();
  }
}

// The form's values as an object of strings (trimmed, except passwords). Empty values
// are left out unless keepEmpty is true (for PATCH, where '' clears a field).
export function readForm(form, { keepEmpty = false } = {}) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled || el.type === 'submit' || el.type === 'button') continue;
    if (el.type === 'checkbox') {
      out[el.name] = el.checked;
      continue;
    }
    const v = el.type === 'password' ? el.value : el.value.trim();
    if (v === '' && !keepEmpty) continue;
    out[el.name] = v;
  }
  return out;
}

// A modal confirmation: resolves true when the user confirms. Built on <dialog>, so the
// keyboard works (Escape cancels, focus stays inside) and nothing blocks the page.
export function confirmDialog(message, { confirmLabel = 'Confirm', danger = true, title = 'Are you sure?' } = {}) {
  return new Promise((resolve) => {
    const confirmBtn = h('button', { class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, type: 'submit', value: 'ok' }, confirmLabel);
    const cancelBtn = h('button', { class: 'btn', type: 'submit', value: 'cancel' }, 'Cancel');
    const titleId = uid('dlg');
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': titleId },
      h(
        'form',
        { method: 'dialog', class: 'form' },
        h('h2', { id: titleId }, title),
        h('p', { class: 'muted' }, message),
        h('div', { class: 'btn-row dialog-actions' }, cancelBtn, confirmBtn),
      ),
    );
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok';
      dialog.remove();
      resolve(ok);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancelBtn.focus();
  });
}

// Errors of a table row being edited inline (its controls belong to a <form> by the
// form= attribute and are found by name inside the row): each message under its control,
// the rest in the row's last cell.
export function showRowErrors(row, err) {
  for (const p of row.querySelectorAll('.field-error, .alert')) p.remove();
  for (const c of row.querySelectorAll('[aria-invalid]')) {
    c.removeAttribute('aria-invalid');
    c.removeAttribute('aria-describedby');
  }
  const list = err instanceof ApiError && err.details && err.details.length ? err.details : [{ field: err && err.field, message: err && err.message }];
  let first = null;
  for (const d of list) {
    const control = d.field ? row.querySelector(`[name="${CSS.escape(d.field)}"]`) : null;
    if (control) {
      const id = `${control.id || uid('rf')}-error`;
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', id);
      (control.closest('.field') || control.parentElement).appendChild(h('p', { class: 'field-error', id }, d.message || err.message));
      first = first || control;
    } else {
      row.lastElementChild.appendChild(h('div', { class: 'alert alert-error', role: 'alert' }, d.message || err.message || 'Could not save.'));
    }
  }
  if (first) first.focus();
}
