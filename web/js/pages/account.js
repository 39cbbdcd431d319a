// Account (/app/account/): profile (PATCH auth/me), change password (POST auth/password,
// which signs out every other session), active sessions (GET auth/sessions, sign one
// out with DELETE auth/sessions/{id}, or all with POST auth/logout-all) and recent auth
// events (GET auth/events), and personal API keys (POST/GET auth/api-keys, DELETE
// auth/api-keys/{id}; the new key is shown once), and sign-in methods (GET
// auth/identities, link another provider, unlink).
import { api, signOut } from '../api.js';
import { $, h, render, loading, empty, errorBox, busy, flash, formatDateTime, formatRelative, pager, stackTable } from '../dom.js';
import { clearErrors, confirmDialog, readForm, showErrors, showFieldError } from '../forms.js';
import { formatBytes, uploadFile } from '../uploads.js';

let user = null;
let eventsPage = 1;

export async function init(ctx) {
  user = ctx.user;
  $('#profile-email').textContent = user.email || '';
  $('#profile-form').elements.name.value = user.name || '';
  $('#password-form').elements.username.value = user.email || '';
  $('#profile-form').addEventListener('submit', saveProfile);
  $('#password-form').addEventListener('submit', changePassword);
  $('#sign-out-everywhere').addEventListener('click', signOutEverywhere);
  $('#avatar-file').addEventListener('change', previewAvatar);
  $('#avatar-form').addEventListener('submit', saveAvatar);
  $('#avatar-remove').addEventListener('click', removeAvatar);
  showAvatar(user.avatar_url);
  $('#key-form').addEventListener('submit', createKey);
  await Promise.all([loadSessions(), loadEvents(), loadKeys(), loadIdentities(), loadUsage()]);
}

// ---- avatar and storage used ----

function showAvatar(url) {
  const img = $('#avatar-preview');
  img.hidden = !url;
  if (url) img.src = url;
  else img.removeAttribute('src');
  $('#avatar-remove').disabled = !url;
}

// The chosen image, shown before it is sent (a data: URL: the page's CSP allows those).
function previewAvatar(event) {
  const file = event.currentTarget.files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    const img = $('#avatar-preview');
    img.src = reader.result;
    img.hidden = false;
  };
  reader.readAsDataURL(file);
}

async function saveAvatar(event) {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const file = form.elements.file.files[0];
  if (!file) {
    showFieldError(form, 'file', 'Choose an image first.');
    return;
  }
  const progress = $('#avatar-progress');
  progress.hidden = false;
  progress.value = 0;
  try {
    const data = await busy($('button[type=submit]', form), () =>
      uploadFile(file, { path: 'auth/me/avatar', method: 'PUT', onProgress: (p) => (progress.value = p) }),
    );
    Object.assign(user, (data && (data.user || data)) || {});
    showAvatar(user.avatar_url);
    form.elements.file.value = '';
    flash($('#avatar-flash'), 'Avatar saved.');
  } catch (err) {
    showErrors(form, err);
  } finally {
    progress.hidden = true;
  }
  await loadUsage();
}

async function removeAvatar() {
  const form = $('#avatar-form');
  clearErrors(form);
  try {
    const { data } = await api.del('auth/me/avatar');
    Object.assign(user, (data && (data.user || data)) || { avatar_url: null });
    showAvatar(null);
    flash($('#avatar-flash'), 'Avatar removed.');
  } catch (err) {
    showErrors(form, err);
  }
  await loadUsage();
}

async function loadUsage() {
  try {
    const { data } = await api.get('files/usage');
    $('#account-usage').textContent = `Files: ${formatBytes(data.used_bytes)} of ${formatBytes(data.quota_bytes)} used.`;
  } catch {
    $('#account-usage').textContent = '';
  }
}

async function saveProfile(event) {
  event.preventDefault();
  const form = event.currentTarget;
  form.noValidate = true;
  clearErrors(form);
  const name = form.elements.name.value.trim();
  try {
    const { data } = await busy($('button[type=submit]', form), () => api.patch('auth/me', { name: name || null }));
    Object.assign(user, (data && (data.user || data)) || { name });
    document.querySelector('[data-user-email]').textContent = user.email || user.name || '';
    flash($('#profile-flash'), 'Profile saved.');
  } catch (err) {
    showErrors(form, err);
  }
}

async function changePassword(event) {
  event.preventDefault();
  const form = event.currentTarget;
  form.noValidate = true;
  clearErrors(form);
  const v = readForm(form, { keepEmpty: true });
  if (v.new_password && v.new_password !== v.confirm_password) {
    showFieldError(form, 'confirm_password', 'The two new passwords differ.');
    form.elements.confirm_password.focus();
    return;
  }
  try {
    await busy($('button[type=submit]', form), () =>
      api.post('auth/password', { current_password: v.current_password, new_password: v.new_password }),
    );
    form.reset();
    form.elements.username.value = user.email || '';
    flash($('#password-flash'), 'Password changed. Other devices have been signed out.');
    await Promise.all([loadSessions(), loadEvents()]);
  } catch (err) {
    showErrors(form, err);
  }
}

// "Chrome on Linux" from a User-Agent string; the raw string stays in the title.
function describeAgent(ua) {
  if (!ua) return 'Unknown device';
  const browser =
    (/Edg\//.test(ua) && 'Edge') ||
    (/OPR\//.test(ua) && 'Opera') ||
    (/Firefox\//.test(ua) && 'Firefox') ||
    (/(Chrome|Chromium)\//.test(ua) && 'Chrome') ||
    (/Safari\//.test(ua) && 'Safari') ||
    (/curl\//i.test(ua) && 'curl') ||
    ua.split(/[ /]/)[0];
  const os =
    (/Android/.test(ua) && 'Android') ||
    (/iPhone|iPad|iOS/.test(ua) && 'iOS') ||
    (/Windows/.test(ua) && 'Windows') ||
    (/Mac OS X|Macintosh/.test(ua) && 'macOS') ||
    (/Linux/.test(ua) && 'Linux') ||
    '';
  return os ? `${browser} on ${os}` : browser;
}

async function loadSessions() {
  const el = $('#sessions');
  el.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api.get('auth/sessions');
    const sessions = data || [];
    if (!sessions.length) {
      render(el, empty('No active sessions'));
      return;
    }
    render(el, stackTable('sessions-table', ['Device', 'IP address', 'Signed in', 'Last active'], sessions.map(sessionRow), { actions: true }));
  } catch (err) {
    render(el, errorBox(err));
  } finally {
    el.removeAttribute('aria-busy');
  }
}

function sessionRow(s) {
  const current = Boolean(s.current);
  const ua = s.user_agent || '';
  const button = h('button', { class: 'btn btn-sm btn-danger', type: 'button', 'aria-label': current ? 'Sign out this device' : `Sign out ${describeAgent(ua)} session` }, 'Sign out');
  const tr = h(
    'tr',
    { dataset: { id: s.id, current: String(current) } },
    h('td', { class: 'cell-main', 'data-label': 'Device', title: ua }, describeAgent(ua), current ? [' ', h('span', { class: 'badge badge-success' }, 'This device')] : null),
    h('td', { 'data-label': 'IP address', class: 'mono' }, s.ip || '—'),
    h('td', { 'data-label': 'Signed in', class: 'nowrap' }, formatDateTime(s.created_at)),
    h('td', { 'data-label': 'Last active', class: 'nowrap' }, formatRelative(s.last_used_at)),
    h('td', { class: 'actions' }, button),
  );
  button.addEventListener('click', async () => {
    if (current) {
      if (!(await confirmDialog('Sign out of this device?', { confirmLabel: 'Sign out' }))) return;
      await signOut();
      location.assign('/?signed_out=1');
      return;
    }
    try {
      await busy(button, () => api.del(`auth/sessions/${s.id}`));
      tr.remove();
      if (!$('#sessions-table tbody tr')) await loadSessions();
    } catch (err) {
      tr.lastChild.appendChild(errorBox(err));
    }
  });
  return tr;
}

async function signOutEverywhere() {
  const ok = await confirmDialog('This signs you out on every device, including this one.', {
    confirmLabel: 'Sign out everywhere',
    title: 'Sign out everywhere?',
  });
  if (!ok) return;
  const button = $('#sign-out-everywhere');
  try {
    await busy(button, () => api.post('auth/logout-all'));
  } catch (err) {
    if (err.status !== 401) {
      $('#sessions').prepend(errorBox(err));
      return;
    }
  }
  location.assign('/?signed_out=1');
}

// keel's event types (src/auth/auth_events.h).
const EVENT_LABELS = {
  register: 'Account created',
  login_ok: 'Signed in',
  login_failed: 'Failed sign-in',
  refresh: 'Session refreshed',
  reuse_detected: 'Refresh token reuse detected',
  logout: 'Signed out',
  logout_all: 'Signed out everywhere',
  password_change: 'Password changed',
  throttled: 'Sign-in throttled',
  session_revoked: 'Session signed out',
};

function eventLabel(type) {
  const key = String(type || '');
  if (EVENT_LABELS[key]) return EVENT_LABELS[key];
  const text = key.replace(/_/g, ' ');
  return text ? text[0].toUpperCase() + text.slice(1) : 'Event';
}

function eventBadge(type) {
  const key = String(type || '').toLowerCase();
  if (key.includes('fail') || key.includes('reuse') || key.includes('throttled')) return 'badge badge-danger';
  if (key.includes('password')) return 'badge badge-warning';
  if (key.includes('login') || key.includes('register')) return 'badge badge-success';
  return 'badge';
}

async function loadEvents() {
  const el = $('#events');
  if (!el.firstChild) render(el, loading());
  el.setAttribute('aria-busy', 'true');
  try {
    const { data, pagination } = await api.get('auth/events', { page: eventsPage, limit: 10 });
    const events = data || [];
    if (!events.length) {
      render(el, empty('No activity yet'));
      return;
    }
    render(
      el,
      stackTable(
        'events-table',
        ['Event', 'When', 'IP address', 'Device'],
        events.map((e) => {
          const type = e.type;
          return h(
            'tr',
            { dataset: { type: String(type || '') } },
            h('td', { class: 'cell-main', 'data-label': 'Event' }, h('span', { class: eventBadge(type) }, eventLabel(type))),
            h('td', { 'data-label': 'When', class: 'nowrap', title: formatDateTime(e.created_at) }, formatRelative(e.created_at)),
            h('td', { 'data-label': 'IP address', class: 'mono' }, e.ip || '—'),
            h('td', { 'data-label': 'Device', title: e.user_agent || '' }, describeAgent(e.user_agent)),
          );
        }),
      ),
      pager(pagination, (p) => {
        eventsPage = p;
        loadEvents();
      }, 'events'),
    );
  } catch (err) {
    render(el, errorBox(err));
  } finally {
    el.removeAttribute('aria-busy');
  }
}

async function createKey(event) {
  event.preventDefault();
  const form = event.currentTarget;
  form.noValidate = true;
  clearErrors(form);
  const body = { name: form.elements.name.value.trim() };
  const scopes = form.elements.scopes.value.split(/[\s,]+/).filter(Boolean);
  if (scopes.length) body.scopes = scopes;
  // A date means "until the end of that day", UTC.
  if (form.elements.expires_at.value) body.expires_at = `${form.elements.expires_at.value}T23:59:59Z`;
  try {
    const { data } = await busy($('button[type=submit]', form), () => api.post('auth/api-keys', body));
    form.reset();
    $('#key-secret').value = data.key;
    $('#key-created').hidden = false;
    $('#key-secret').select();
    await loadKeys();
  } catch (err) {
    showErrors(form, err);
  }
}

async function loadKeys() {
  const el = $('#keys');
  el.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api.get('auth/api-keys');
    const keys = data || [];
    if (!keys.length) {
      render(el, empty('No API keys'));
      return;
    }
    render(el, stackTable('keys-table', ['Name', 'Key', 'Scopes', 'Created', 'Last used', 'Expires'], keys.map(keyRow), { actions: true }));
  } catch (err) {
    render(el, errorBox(err));
  } finally {
    el.removeAttribute('aria-busy');
  }
}

function keyRow(k) {
  const button = h('button', { class: 'btn btn-sm btn-danger', type: 'button', 'aria-label': `Delete key ${k.name}` }, 'Delete');
  const tr = h(
    'tr',
    { dataset: { id: k.id } },
    h('td', { class: 'cell-main', 'data-label': 'Name' }, k.name),
    h('td', { 'data-label': 'Key', class: 'mono' }, `${k.prefix}…`),
    h('td', { 'data-label': 'Scopes', class: 'mono' }, (k.scopes || []).join(' ')),
    h('td', { 'data-label': 'Created', class: 'nowrap' }, formatDateTime(k.created_at)),
    h('td', { 'data-label': 'Last used', class: 'nowrap' }, k.last_used_at ? formatRelative(k.last_used_at) : 'Never'),
    h('td', { 'data-label': 'Expires', class: 'nowrap' }, k.expires_at ? formatDateTime(k.expires_at) : 'Never'),
    h('td', { class: 'actions' }, button),
  );
  button.addEventListener('click', async () => {
    if (!(await confirmDialog(`Scripts using "${k.name}" will be refused at once.`, { confirmLabel: 'Delete key', title: 'Delete this API key?' }))) return;
    try {
      await busy(button, () => api.del(`auth/api-keys/${k.id}`));
      await loadKeys();
    } catch (err) {
      tr.lastChild.appendChild(errorBox(err));
    }
  });
  return tr;
}

async function loadIdentities() {
  const card = $('#identities-card');
  const el = $('#identities');
  try {
    const [{ data: providers }, { data: identities }] = await Promise.all([api.get('auth/oauth/providers'), api.get('auth/identities')]);
    if (!(providers || []).length && !(identities || []).length) return;
    card.hidden = false;
    const labels = Object.fromEntries((providers || []).map((p) => [p.name, p.label]));
    $('#identity-links').replaceChildren(
      ...(providers || []).map((p) => {
        const b = h('button', { class: 'btn btn-sm', type: 'button', dataset: { provider: p.name } }, `Link ${p.label}`);
        b.addEventListener('click', async () => {
          try {
            const { data } = await busy(b, () => api.post(`auth/identities/${p.name}/link`));
            location.assign(data.authorization_url);
          } catch (err) {
            el.prepend(errorBox(err));
          }
        });
        return b;
      }),
    );
    if (!(identities || []).length) {
      render(el, empty('Only your password signs you in'));
      return;
    }
    render(
      el,
      stackTable('identities-table', ['Provider', 'Email', 'Linked', 'Last used'], identities.map((i) => identityRow(i, labels[i.provider] || i.provider)), { actions: true }),
    );
  } catch (err) {
    card.hidden = false;
    render(el, errorBox(err));
  }
}

function identityRow(i, label) {
  const button = h('button', { class: 'btn btn-sm btn-danger', type: 'button', 'aria-label': `Unlink ${label}` }, 'Unlink');
  const tr = h(
    'tr',
    { dataset: { id: i.id, provider: i.provider } },
    h('td', { class: 'cell-main', 'data-label': 'Provider' }, label),
    h('td', { 'data-label': 'Email' }, i.email || '—'),
    h('td', { 'data-label': 'Linked', class: 'nowrap' }, formatDateTime(i.created_at)),
    h('td', { 'data-label': 'Last used', class: 'nowrap' }, i.last_login_at ? formatRelative(i.last_login_at) : 'Never'),
    h('td', { class: 'actions' }, button),
  );
  button.addEventListener('click', async () => {
    if (!(await confirmDialog(`You will no longer sign in with ${label}.`, { confirmLabel: 'Unlink', title: `Unlink ${label}?` }))) return;
    try {
      await busy(button, () => api.del(`auth/identities/${i.id}`));
      await loadIdentities();
    } catch (err) {
      tr.lastChild.appendChild(errorBox(err));
    }
  });
  return tr;
}
