// Admin (/app/admin/): the users list (GET users, admins only) with search and filters,
// changing a user's role and disabling or re-enabling an account (PATCH users/{id}).
// keel enforces all of it; this page only hides what a non-admin cannot use.
import { api } from '../api.js';
import { $, h, render, loading, empty, errorBox, pager, formatDateTime, formatRelative } from '../dom.js';

let me = null;
let page = 1;
let searchTimer = null;
let listRequest = 0;

export async function init(ctx) {
  me = ctx.user;
  if (me.role !== 'admin') {
    $('#admin-denied').hidden = false;
    return;
  }
  $('#admin-users').hidden = false;
  const filters = $('#user-filters');
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    page = 1;
    loadUsers();
  });
  filters.addEventListener('change', (e) => {
    if (e.target.name === 'q') return;
    page = 1;
    loadUsers();
  });
  filters.addEventListener('input', (e) => {
    if (e.target.name !== 'q') return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      page = 1;
      loadUsers();
    }, 300);
  });
  await loadUsers();
}

async function loadUsers() {
  const el = $('#users');
  const f = $('#user-filters').elements;
  const query = { page, limit: 20, sort: '-created_at', q: f.q.value.trim(), role: f.role.value, is_active: f.is_active.value };
  const seq = ++listRequest;
  if (!el.querySelector('table')) render(el, loading('Loading users…'));
  el.setAttribute('aria-busy', 'true');
  try {
    const { data, pagination } = await api.get('users', query);
    if (seq !== listRequest) return;
    $('#users-count').textContent = pagination ? `${pagination.total} ${pagination.total === 1 ? 'user' : 'users'}` : '';
    if (!data || !data.length) {
      render(el, empty('No users found', 'Try another search.'));
      return;
    }
    render(
      el,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table table-stack', id: 'users-table' },
          h('thead', {}, h('tr', {}, ['User', 'Role', 'Status', 'Joined', 'Last sign-in'].map((c) => h('th', { scope: 'col' }, c)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          h('tbody', {}, data.map(userRow)),
        ),
      ),
      pager(pagination, (p) => {
        page = p;
        loadUsers();
      }, 'users'),
    );
  } catch (err) {
    if (seq !== listRequest) return;
    if (err.status === 403) {
      $('#admin-users').hidden = true;
      $('#admin-denied').hidden = false;
      return;
    }
    render(el, errorBox(err));
  } finally {
    if (seq === listRequest) el.removeAttribute('aria-busy');
  }
}

function userRow(u) {
  const self = u.id === me.id;
  const tr = h('tr', { dataset: { id: u.id, email: u.email } });
  const draw = () => {
    const role = h(
      'select',
      { class: 'select select-sm', 'aria-label': `Role of ${u.email}`, disabled: self, 'data-role': true },
      h('option', { value: 'user', selected: u.role === 'user' }, 'User'),
      h('option', { value: 'admin', selected: u.role === 'admin' }, 'Admin'),
    );
    role.addEventListener('change', () => update({ role: role.value }, role));
    const toggle = h(
      'button',
      { class: `btn btn-sm ${u.is_active ? 'btn-danger' : ''}`, type: 'button', disabled: self, 'data-toggle-active': true, 'aria-label': `${u.is_active ? 'Disable' : 'Enable'} ${u.email}` },
      u.is_active ? 'Disable' : 'Enable',
    );
    toggle.addEventListener('click', () => update({ is_active: !u.is_active }, toggle));
    render(
      tr,
      h(
        'td',
        { class: 'cell-main', 'data-label': 'User' },
        h('div', {}, u.name || u.email, self ? [' ', h('span', { class: 'badge badge-primary' }, 'You')] : null),
        u.name ? h('div', { class: 'muted small' }, u.email) : null,
      ),
      h('td', { 'data-label': 'Role' }, role),
      h('td', { 'data-label': 'Status' }, h('span', { class: `badge ${u.is_active ? 'badge-success' : 'badge-danger'}`, 'data-status': true }, u.is_active ? 'Active' : 'Disabled')),
      h('td', { 'data-label': 'Joined', class: 'nowrap' }, formatDateTime(u.created_at)),
      h('td', { 'data-label': 'Last sign-in', class: 'nowrap' }, u.last_login ? formatRelative(u.last_login) : 'Never'),
      h('td', { class: 'actions' }, toggle),
    );
  };
  const update = async (change, control) => {
    control.disabled = true;
    try {
      const { data } = await api.patch(`users/${u.id}`, change);
      Object.assign(u, data || change);
      draw();
      (tr.querySelector(control.dataset.role !== undefined ? '[data-role]' : '[data-toggle-active]') || tr).focus();
    } catch (err) {
      draw();
      tr.lastChild.appendChild(errorBox(err));
    }
  };
  draw();
  return tr;
}
