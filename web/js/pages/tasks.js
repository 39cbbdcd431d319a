// Tasks (/app/tasks/): create; filter by search, status, priority, done and due date;
// sort; paginate; edit inline; mark complete; delete. The filters live in the page URL
// (?status=active&sort=title&page=2), so a reload or a shared link shows the same list.
import { api } from '../api.js';
import { $, h, render, loading, empty, errorBox, busy, pager, formatDate } from '../dom.js';
import { clearErrors, confirmDialog, readForm, showErrors, showRowErrors } from '../forms.js';
import { openTaskFiles } from './task-files.js';

const FILTERS = ['q', 'status', 'priority', 'completed', 'due_date_gte', 'due_date_lte', 'sort', 'limit'];
const DEFAULTS = { sort: '-created_at', limit: '10' };
const PRIORITY_BADGE = { high: 'badge-danger', medium: 'badge-warning', low: 'badge' };
const STATUS_BADGE = { active: 'badge-primary', draft: 'badge', archived: 'badge' };

let page = 1;
let projects = [];
const projectTitles = new Map();
let listRequest = 0;
let searchTimer = null;

export async function init() {
  const filters = $('#task-filters');
  readUrl(filters);
  filters.addEventListener('change', (e) => {
    if (e.target.name === 'q') return;
    page = 1;
    loadTasks();
  });
  filters.addEventListener('input', (e) => {
    if (e.target.name !== 'q') return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      page = 1;
      loadTasks();
    }, 300);
  });
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    page = 1;
    loadTasks();
  });
  filters.addEventListener('reset', () => {
    setTimeout(() => {
      page = 1;
      loadTasks();
    });
  });
  $('#task-form').addEventListener('submit', createTask);
  await loadProjects();
  await loadTasks();
}

function readUrl(filters) {
  const params = new URLSearchParams(location.search);
  for (const name of FILTERS) {
    const v = params.get(name);
    if (v !== null && filters.elements[name]) filters.elements[name].value = v;
  }
  page = Math.max(1, Number(params.get('page')) || 1);
}

function currentQuery() {
  const filters = $('#task-filters');
  const q = {};
  for (const name of FILTERS) {
    const v = filters.elements[name].value.trim();
    if (v !== '') q[name] = v;
  }
  q.page = String(page);
  return q;
}

function writeUrl(query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (DEFAULTS[k] === v || (k === 'page' && v === '1')) continue;
    params.set(k, v);
  }
  const search = params.toString();
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

async function loadProjects() {
  try {
    const { data } = await api.get('projects', { limit: 100, sort: 'title' });
    projects = data || [];
  } catch {
    projects = [];
  }
  for (const p of projects) projectTitles.set(p.id, p.title);
  const select = $('#task-project');
  render(select, h('option', { value: '' }, 'No project'), projects.map((p) => h('option', { value: p.id }, p.title)));
}

async function loadTasks() {
  const el = $('#tasks');
  const query = currentQuery();
  writeUrl(query);
  const seq = ++listRequest;
  if (!el.querySelector('table')) render(el, loading('Loading tasks…'));
  el.setAttribute('aria-busy', 'true');
  try {
    const { data, pagination } = await api.get('tasks', query);
    if (seq !== listRequest) return;
    if ((!data || !data.length) && page > 1 && pagination && pagination.pages >= 1 && page > pagination.pages) {
      page = pagination.pages;
      return loadTasks();
    }
    $('#task-count').textContent = pagination ? `${pagination.total} ${pagination.total === 1 ? 'task' : 'tasks'}` : '';
    if (!data || !data.length) {
      const filtered = Object.keys(query).some((k) => k !== 'page' && k !== 'sort' && k !== 'limit');
      render(el, filtered ? empty('No tasks match these filters', 'Try clearing a filter.') : empty('No tasks yet', 'Add your first task above.'));
      return;
    }
    render(
      el,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table table-stack', id: 'tasks-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Done')),
              ['Title', 'Status', 'Priority', 'Due', 'Project'].map((c) => h('th', { scope: 'col' }, c)),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
            ),
          ),
          h('tbody', {}, data.map(taskRow)),
        ),
      ),
      pager(pagination, (p) => {
        page = p;
        loadTasks().then(() => $('#task-list-title').scrollIntoView({ block: 'start' }));
      }, 'tasks'),
    );
  } catch (err) {
    if (seq !== listRequest) return;
    render(el, errorBox(err));
  } finally {
    if (seq === listRequest) el.removeAttribute('aria-busy');
  }
}

function cap(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

function isOverdue(t) {
  if (!t.due_date || t.completed) return false;
  const today = new Date();
  const ymd = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return String(t.due_date).slice(0, 10) < ymd;
}

function taskRow(t) {
  const tr = h('tr', { dataset: { id: t.id } });
  const view = () => {
    tr.classList.remove('is-editing');
    const done = h('input', { type: 'checkbox', checked: t.completed, 'aria-label': `Mark “${t.title}” as ${t.completed ? 'not done' : 'done'}`, 'data-complete': true });
    done.addEventListener('change', () => toggleComplete(t, done, tr, view));
    render(
      tr,
      h('td', { class: 'cell-check' }, h('label', { class: 'check' }, done, h('span', { class: 'visually-hidden' }, 'Done'))),
      h(
        'td',
        { class: 'cell-main', 'data-label': 'Title' },
        h('span', { class: t.completed ? 'strike task-title' : 'task-title' }, t.title),
        t.description ? h('div', { class: 'muted small task-desc' }, t.description) : null,
      ),
      h('td', { 'data-label': 'Status' }, h('span', { class: `badge ${STATUS_BADGE[t.status] || ''}` }, cap(t.status))),
      h('td', { 'data-label': 'Priority' }, h('span', { class: `badge ${PRIORITY_BADGE[t.priority] || ''}` }, cap(t.priority))),
      h('td', { 'data-label': 'Due', class: `nowrap ${isOverdue(t) ? 'overdue' : ''}` }, t.due_date ? formatDate(t.due_date) : '—'),
      h('td', { 'data-label': 'Project', class: 'muted' }, (t.project_id && projectTitles.get(t.project_id)) || '—'),
      h(
        'td',
        { class: 'actions' },
        h('button', { class: 'btn btn-sm', type: 'button', onclick: edit, 'aria-label': `Edit “${t.title}”` }, 'Edit'),
        h('button', { class: 'btn btn-sm', type: 'button', onclick: () => openTaskFiles(t), 'aria-label': `Files of “${t.title}”` }, 'Files'),
        h('button', { class: 'btn btn-sm btn-danger', type: 'button', onclick: remove, 'aria-label': `Delete “${t.title}”` }, 'Delete'),
      ),
    );
  };
  const edit = () => {
    tr.classList.add('is-editing');
    const formId = `tf-${t.id}`;
    const form = h('form', { id: formId, class: 'inline-form' });
    form.addEventListener('submit', save);
    const sel = (name, options, value, label) =>
      h('select', { class: 'select select-sm', name, form: formId, 'aria-label': label }, options.map((o) => h('option', { value: o, selected: o === value }, cap(o))));
    const title = h('input', { class: 'input input-sm', name: 'title', value: t.title, form: formId, 'aria-label': 'Title', maxlength: 255 });
    render(
      tr,
      h('td', { class: 'cell-check' }),
      h('td', { class: 'cell-main', 'data-label': 'Title' }, form, h('div', { class: 'field' }, title)),
      h('td', { 'data-label': 'Status' }, h('div', { class: 'field' }, sel('status', ['draft', 'active', 'archived'], t.status, 'Status'))),
      h('td', { 'data-label': 'Priority' }, h('div', { class: 'field' }, sel('priority', ['low', 'medium', 'high'], t.priority, 'Priority'))),
      h('td', { 'data-label': 'Due' }, h('div', { class: 'field' }, h('input', { class: 'input input-sm', type: 'date', name: 'due_date', value: t.due_date ? String(t.due_date).slice(0, 10) : '', form: formId, 'aria-label': 'Due date' }))),
      h(
        'td',
        { 'data-label': 'Project' },
        h(
          'div',
          { class: 'field' },
          h('select', { class: 'select select-sm', name: 'project_id', form: formId, 'aria-label': 'Project' }, h('option', { value: '' }, 'No project'), projects.map((p) => h('option', { value: p.id, selected: p.id === t.project_id }, p.title))),
        ),
      ),
      h(
        'td',
        { class: 'actions' },
        h('button', { class: 'btn btn-sm btn-primary', type: 'submit', form: formId }, 'Save'),
        h('button', { class: 'btn btn-sm', type: 'button', onclick: cancel }, 'Cancel'),
      ),
    );
    tr.addEventListener('keydown', onKey);
    title.focus();
    title.select();
  };
  const cancel = () => {
    tr.removeEventListener('keydown', onKey);
    view();
  };
  const onKey = (e) => {
    if (e.key === 'Escape') cancel();
  };
  const save = async (e) => {
    e.preventDefault();
    const get = (n) => tr.querySelector(`[name="${n}"]`).value;
    const body = {
      title: get('title').trim(),
      status: get('status'),
      priority: get('priority'),
      due_date: get('due_date') || null,
      project_id: get('project_id') || null,
    };
    try {
      const { data } = await busy(tr.querySelector('button[type=submit]'), () => api.patch(`tasks/${t.id}`, body));
      Object.assign(t, data || body);
      tr.removeEventListener('keydown', onKey);
      view();
      tr.querySelector('button').focus();
    } catch (err) {
      showRowErrors(tr, err);
    }
  };
  const remove = async () => {
    if (!(await confirmDialog(`Delete the task “${t.title}”?`, { confirmLabel: 'Delete task' }))) return;
    try {
      await api.del(`tasks/${t.id}`);
      await loadTasks();
    } catch (err) {
      tr.lastChild.appendChild(errorBox(err));
    }
  };
  view();
  return tr;
}

async function toggleComplete(t, box, tr, view) {
  box.disabled = true;
  const want = box.checked;
  try {
    const { data } = await api.patch(`tasks/${t.id}`, { completed: want });
    Object.assign(t, data || { completed: want });
    view();
    const again = tr.querySelector('[data-complete]');
    if (again) again.focus();
  } catch (err) {
    box.checked = !want;
    box.disabled = false;
    tr.lastChild.appendChild(errorBox(err));
  }
}

async function createTask(event) {
  event.preventDefault();
  const form = event.currentTarget;
  form.noValidate = true;
  clearErrors(form);
  const v = readForm(form);
  const body = { title: v.title ?? '', status: v.status, priority: v.priority };
  if (v.description) body.description = v.description;
  if (v.due_date) body.due_date = v.due_date;
  if (v.project_id) body.project_id = v.project_id;
  try {
    await busy($('button[type=submit]', form), () => api.post('tasks', body));
    form.elements.title.value = '';
    form.elements.description.value = '';
    form.elements.due_date.value = '';
    page = 1;
    await loadTasks();
    form.elements.title.focus();
  } catch (err) {
    showErrors(form, err);
  }
}
