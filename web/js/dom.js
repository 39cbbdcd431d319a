// Small DOM and formatting helpers shared by the pages.
//
// Elements are built with h() from text and properties, never from HTML strings, so a
// task title like "<img onerror=…>" is shown as text. No inline styles either: the CSP
// (style-src 'self') would refuse a style= attribute, so looks are classes.

// h('button', {class: 'btn', type: 'button', onclick: fn}, 'Save') → HTMLButtonElement
// Attributes: class, dataset (object), on<event> (function), boolean true/false toggles
// the attribute, anything else is set as an attribute. Children: nodes, strings,
// numbers; null/false are skipped; arrays are flattened.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled') el[key] = Boolean(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

export function $$(selector, root = document) {
  return Array.from(root.querySelectorAll(selector));
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Replaces the children of el.
export function render(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

// A table that stacks into cards on phones (.table-stack): header cells from `columns`,
// plus an unlabelled "Actions" column when `actions` is set, and the given body rows.
export function stackTable(id, columns, rows, { actions = false } = {}) {
  const head = columns.map((c) => h('th', { scope: 'col' }, c));
  if (actions) head.push(h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')));
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', { class: 'table table-stack', id }, h('thead', {}, h('tr', {}, head)), h('tbody', {}, rows)),
  );
}

export function loading(text = 'Loading…') {
  return h('div', { class: 'loading', role: 'status' }, text);
}

export function empty(title, text) {
  return h('div', { class: 'empty' }, h('strong', {}, title), text || null);
}

export function errorBox(err) {
  const msg = (err && err.message) || 'Something went wrong.';
  return h('div', { class: 'alert alert-error', role: 'alert' }, msg);
}

// Sets a button busy (spinner, disabled) while `work` runs; returns work's result.
export async function busy(button, work) {
  if (!button) return work();
  const wasDisabled = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = wasDisabled;
    button.removeAttribute('aria-busy');
  }
}

// A short-lived status message in a live region (role=status), e.g. "Saved".
export function flash(region, message, kind = 'success') {
  if (!region) return;
  render(region, h('div', { class: `alert alert-${kind}` }, message));
  region.hidden = false;
  clearTimeout(region._flashTimer);
  region._flashTimer = setTimeout(() => {
    region.hidden = true;
    clear(region);
  }, 4000);
}

// ---- formatting ------------------------------------------------------------------------

const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFmt = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export function formatDateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateTimeFmt.format(d);
}

export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : timeFmt.format(d);
}

// A calendar date (YYYY-MM-DD, no time zone) shown in the user's locale.
export function formatDate(ymd) {
  if (!ymd) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(ymd));
  if (!m) return String(ymd);
  return dateFmt.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

// 95 → "1 h 35 min"; 0 → "0 min".
export function formatMinutes(total) {
  const n = Math.max(0, Math.round(Number(total) || 0));
  const hrs = Math.floor(n / 60);
  const min = n % 60;
  if (hrs === 0) return `${min} min`;
  return min === 0 ? `${hrs} h` : `${hrs} h ${min} min`;
}

export function formatNumber(n, digits = 2) {
  if (n === null || n === undefined || n === '') return '—';
  const v = Number(n);
  if (!Number.isFinite(v)) return String(n);
  return v.toLocaleString(undefined, { maximumFractionDigits: digits });
}

// "3 minutes ago" style relative time, for session lists.
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
export function formatRelative(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const diff = (d.getTime() - Date.now()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return 'just now';
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), 'day');
  return formatDateTime(iso);
}

// ---- dates for inputs --------------------------------------------------------------------

function pad(n) {
  return String(n).padStart(2, '0');
}

// Date → "YYYY-MM-DD" in local time (for <input type=date>).
export function toDateInput(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Date or ISO string → "YYYY-MM-DDTHH:MM" in local time (for <input type=datetime-local>).
export function toDateTimeInput(value) {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return `${toDateInput(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// "YYYY-MM-DDTHH:MM" (local) → RFC 3339 UTC, or '' when empty/invalid.
export function fromDateTimeInput(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

// Monday 00:00 local time of the week containing d.
export function startOfWeek(d) {
  const s = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const day = (s.getDay() + 6) % 7; // Monday = 0
  s.setDate(s.getDate() - day);
  return s;
}

export function addDays(d, n) {
  const r = new Date(d);
  r.setDate(r.getDate() + n);
  return r;
}

let idCounter = 0;
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// Pagination controls for a list answer's `pagination` {page, limit, total, pages}.
// onPage(n) is called with the page to show. noun: "tasks", "entries"...
export function pager(pagination, onPage, noun = 'items') {
  if (!pagination) return null;
  const page = Number(pagination.page) || 1;
  const pages = Math.max(1, Number(pagination.pages) || 1);
  const total = Number(pagination.total) || 0;
  const limit = Number(pagination.limit) || 20;
  const first = total === 0 ? 0 : (page - 1) * limit + 1;
  const last = Math.min(total, page * limit);
  return h(
    'nav',
    { class: 'pagination', 'aria-label': 'Pagination' },
    h('span', { 'data-page-info': true }, total === 0 ? `No ${noun}` : `${first}–${last} of ${total} ${noun} · page ${page} of ${pages}`),
    h(
      'div',
      { class: 'btn-row' },
      h('button', { class: 'btn btn-sm', type: 'button', disabled: page <= 1, onclick: () => onPage(page - 1), 'data-prev': true }, '← Previous'),
      h('button', { class: 'btn btn-sm', type: 'button', disabled: page >= pages, onclick: () => onPage(page + 1), 'data-next': true }, 'Next →'),
    ),
  );
}
