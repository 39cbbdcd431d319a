// Projects and time (/app/projects/): the start/stop timer (stopping creates a time
// entry), the weekly report (GET reports/time?from=&to=&group_by=project|day), projects
// (list, create, edit inline, delete) and time entries (list by project, add, edit
// inline, delete).
//
// The running timer is kept in localStorage under the user's id (project, description,
// start time: no credentials), so it survives a reload and shows in every tab.
import { api } from '../api.js';
import {
  $, h, render, loading, empty, errorBox, busy, pager, formatMinutes, formatDateTime, formatDate, formatTime,
  toDateTimeInput, fromDateTimeInput, startOfWeek, addDays,
} from '../dom.js';
import { clearErrors, confirmDialog, readForm, showErrors, showRowErrors } from '../forms.js';

let user = null;
let allProjects = [];
const projectTitles = new Map();
let projectsPage = 1;
let entriesPage = 1;
let weekStart = startOfWeek(new Date());
let timerTick = null;

export async function init(ctx) {
  user = ctx.user;
  $('#project-form').addEventListener('submit', createProject);
  $('#entry-form').addEventListener('submit', createEntry);
  $('#timer-form').addEventListener('submit', toggleTimer);
  $('#entries-filter').addEventListener('change', () => {
    entriesPage = 1;
    loadEntries();
  });
  $('#report-group').addEventListener('change', loadReport);
  $('#report-prev').addEventListener('click', () => moveWeek(-7));
  $('#report-next').addEventListener('click', () => moveWeek(7));
  $('#report-this').addEventListener('click', () => {
    weekStart = startOfWeek(new Date());
    loadReport();
  });
  window.addEventListener('storage', (e) => {
    if (e.key === timerKey()) drawTimer();
  });
  $('#entry-details').addEventListener('toggle', () => {
    const form = $('#entry-form');
    if (!form.elements.start_time.value) {
      const end = new Date();
      end.setSeconds(0, 0);
      form.elements.end_time.value = toDateTimeInput(end);
      form.elements.start_time.value = toDateTimeInput(new Date(end.getTime() - 3600000));
    }
  });

  await loadAllProjects();
  await Promise.all([loadProjects(), loadEntries(), loadReport()]);
}

// ---- projects for the selects ------------------------------------------------------------

async function loadAllProjects() {
  allProjects = [];
  try {
    for (let page = 1; page <= 10; page++) {
      const { data, pagination } = await api.get('projects', { limit: 100, page, sort: 'title' });
      allProjects.push(...(data || []));
      if (!pagination || page >= pagination.pages) break;
    }
  } catch {
    // The project table below shows the error.
  }
  projectTitles.clear();
  for (const p of allProjects) projectTitles.set(p.id, p.title);
  fillProjectSelects();
}

function fillProjectSelects() {
  const options = () =>
    allProjects.length
      ? allProjects.map((p) => h('option', { value: p.id }, p.title))
      : [h('option', { value: '' }, 'Create a project first')];
  for (const select of document.querySelectorAll('[data-project-select]')) {
    const current = select.value;
    render(select, options());
    if (current && projectTitles.has(current)) select.value = current;
  }
  const filter = $('#entries-filter');
  const currentFilter = filter.value;
  render(filter, h('option', { value: '' }, 'All projects'), allProjects.map((p) => h('option', { value: p.id }, p.title)));
  if (currentFilter && projectTitles.has(currentFilter)) filter.value = currentFilter;
  drawTimer();
}

// ---- projects table ----------------------------------------------------------------------

async function loadProjects() {
  const el = $('#projects');
  if (!el.firstChild) render(el, loading());
  el.setAttribute('aria-busy', 'true');
  try {
    const { data, pagination } = await api.get('projects', { page: projectsPage, limit: 10, sort: 'title' });
    if ((!data || !data.length) && projectsPage > 1) {
      projectsPage -= 1;
      return loadProjects();
    }
    $('#projects-count').textContent = pagination ? `${pagination.total} in all` : '';
    if (!data || !data.length) {
      render(el, empty('No projects yet', 'Add your first project above to start tracking time.'));
      return;
    }
    render(
      el,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table table-stack', id: 'projects-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Description'), h('th', { scope: 'col' }, 'Created'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          h('tbody', {}, data.map(projectRow)),
        ),
      ),
      pager(pagination, (p) => {
        projectsPage = p;
        loadProjects();
      }, 'projects'),
    );
  } catch (err) {
    render(el, errorBox(err));
  } finally {
    el.removeAttribute('aria-busy');
  }
}

function projectRow(p) {
  const tr = h('tr', { dataset: { id: p.id } });
  const view = () => {
    tr.classList.remove('is-editing');
    render(
      tr,
      h('td', { class: 'cell-main', 'data-label': 'Title' }, p.title),
      h('td', { 'data-label': 'Description', class: 'muted' }, p.description || '—'),
      h('td', { 'data-label': 'Created', class: 'nowrap' }, formatDate(p.created_at)),
      h(
        'td',
        { class: 'actions' },
        h('button', { class: 'btn btn-sm', type: 'button', onclick: edit, 'aria-label': `Edit project ${p.title}` }, 'Edit'),
        h('button', { class: 'btn btn-sm btn-danger', type: 'button', onclick: remove, 'aria-label': `Delete project ${p.title}` }, 'Delete'),
      ),
    );
  };
  const edit = () => {
    tr.classList.add('is-editing');
    const form = h('form', { id: `pf-${p.id}`, class: 'inline-form' });
    form.addEventListener('submit', save);
    const title = h('input', { class: 'input input-sm', name: 'title', value: p.title, form: form.id, 'aria-label': 'Title', maxlength: 255 });
    const desc = h('input', { class: 'input input-sm', name: 'description', value: p.description || '', form: form.id, 'aria-label': 'Description', maxlength: 2000 });
    render(
      tr,
      h('td', { class: 'cell-main', 'data-label': 'Title' }, form, h('div', { class: 'field' }, title)),
      h('td', { 'data-label': 'Description' }, h('div', { class: 'field' }, desc)),
      h('td', { 'data-label': 'Created', class: 'nowrap' }, formatDate(p.created_at)),
      h(
        'td',
        { class: 'actions' },
        h('button', { class: 'btn btn-sm btn-primary', type: 'submit', form: form.id }, 'Save'),
        h('button', { class: 'btn btn-sm', type: 'button', onclick: view }, 'Cancel'),
      ),
    );
    title.focus();
    tr.addEventListener('keydown', onEscape);
  };
  const onEscape = (e) => {
    if (e.key === 'Escape' && tr.classList.contains('is-editing')) {
      tr.removeEventListener('keydown', onEscape);
      view();
    }
  };
  const save = async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const body = { title: form.elements.title.value.trim(), description: form.elements.description.value.trim() || null };
    try {
      const { data } = await busy(tr.querySelector('button[type=submit]'), () => api.patch(`projects/${p.id}`, body));
      Object.assign(p, data || body);
      tr.removeEventListener('keydown', onEscape);
      view();
      await loadAllProjects();
      loadEntries();
      loadReport();
    } catch (err) {
      showRowErrors(tr, err);
    }
  };
  const remove = async () => {
    const ok = await confirmDialog(`Delete the project “${p.title}” and all of its time entries?`, { confirmLabel: 'Delete project' });
    if (!ok) return;
    try {
      await api.del(`projects/${p.id}`);
      await loadAllProjects();
      await Promise.all([loadProjects(), loadEntries(), loadReport()]);
    } catch (err) {
      tr.lastChild.appendChild(errorBox(err));
    }
  };
  view();
  return tr;
}

async function createProject(event) {
  event.preventDefault();
  const form = event.currentTarget;
  form.noValidate = true;
  clearErrors(form);
  const v = readForm(form);
  try {
    await busy($('button[type=submit]', form), () => api.post('projects', { title: v.title ?? '', description: v.description }));
    form.reset();
    await loadAllProjects();
    await loadProjects();
    form.elements.title.focus();
  } catch (err) {
    showErrors(form, err);
  }
}

// ---- time entries ------------------------------------------------------------------------

async function loadEntries() {
  const el = $('#entries');
  if (!el.firstChild) render(el, loading());
  el.setAttribute('aria-busy', 'true');
  try {
    const projectId = $('#entries-filter').value;
    const { data, pagination } = await api.get('time-entries', { page: entriesPage, limit: 10, sort: '-start_time', project_id: projectId || undefined });
    if ((!data || !data.length) && entriesPage > 1) {
      entriesPage -= 1;
      return loadEntries();
    }
    if (!data || !data.length) {
      render(el, empty('No time entries', projectId ? 'Nothing tracked on this project yet.' : 'Start the timer or add an entry by hand.'));
      return;
    }
    render(
      el,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table table-stack', id: 'entries-table' },
          h('thead', {}, h('tr', {}, ['Project', 'Description', 'Start', 'End', 'Duration'].map((c) => h('th', { scope: 'col' }, c)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          h('tbody', {}, data.map(entryRow)),
        ),
      ),
      pager(pagination, (p) => {
        entriesPage = p;
        loadEntries();
      }, 'entries'),
    );
  } catch (err) {
    render(el, errorBox(err));
  } finally {
    el.removeAttribute('aria-busy');
  }
}

function sameDay(a, b) {
  const x = new Date(a);
  const y = new Date(b);
  return x.toDateString() === y.toDateString();
}

function entryRow(e) {
  const tr = h('tr', { dataset: { id: e.id } });
  const view = () => {
    tr.classList.remove('is-editing');
    render(
      tr,
      h('td', { class: 'cell-main', 'data-label': 'Project' }, projectTitles.get(e.project_id) || 'Unknown project'),
      h('td', { 'data-label': 'Description', class: 'muted' }, e.description || '—'),
      h('td', { 'data-label': 'Start', class: 'nowrap' }, formatDateTime(e.start_time)),
      h('td', { 'data-label': 'End', class: 'nowrap' }, sameDay(e.start_time, e.end_time) ? formatTime(e.end_time) : formatDateTime(e.end_time)),
      h('td', { 'data-label': 'Duration', class: 'nowrap num', 'data-duration': true }, formatMinutes(e.duration_minutes)),
      h(
        'td',
        { class: 'actions' },
        h('button', { class: 'btn btn-sm', type: 'button', onclick: edit, 'aria-label': 'Edit entry' }, 'Edit'),
        h('button', { class: 'btn btn-sm btn-danger', type: 'button', onclick: remove, 'aria-label': 'Delete entry' }, 'Delete'),
      ),
    );
  };
  const edit = () => {
    tr.classList.add('is-editing');
    const form = h('form', { id: `ef-${e.id}`, class: 'inline-form' });
    form.addEventListener('submit', save);
    const project = h('select', { class: 'select select-sm', name: 'project_id', form: form.id, 'aria-label': 'Project' }, allProjects.map((p) => h('option', { value: p.id, selected: p.id === e.project_id }, p.title)));
    const desc = h('input', { class: 'input input-sm', name: 'description', value: e.description || '', form: form.id, 'aria-label': 'Description' });
    const start = h('input', { class: 'input input-sm', type: 'datetime-local', name: 'start_time', value: toDateTimeInput(e.start_time), form: form.id, 'aria-label': 'Start' });
    const end = h('input', { class: 'input input-sm', type: 'datetime-local', name: 'end_time', value: toDateTimeInput(e.end_time), form: form.id, 'aria-label': 'End' });
    render(
      tr,
      h('td', { class: 'cell-main', 'data-label': 'Project' }, form, h('div', { class: 'field' }, project)),
      h('td', { 'data-label': 'Description' }, h('div', { class: 'field' }, desc)),
      h('td', { 'data-label': 'Start' }, h('div', { class: 'field' }, start)),
      h('td', { 'data-label': 'End' }, h('div', { class: 'field' }, end)),
      h('td', { 'data-label': 'Duration', class: 'nowrap num' }, formatMinutes(e.duration_minutes)),
      h(
        'td',
        { class: 'actions' },
        h('button', { class: 'btn btn-sm btn-primary', type: 'submit', form: form.id }, 'Save'),
        h('button', { class: 'btn btn-sm', type: 'button', onclick: view }, 'Cancel'),
      ),
    );
    desc.focus();
  };
  const save = async (ev) => {
    ev.preventDefault();
    const form = ev.currentTarget;
    const q = (n) => tr.querySelector(`[name="${n}"]`).value;
    const body = {
      project_id: q('project_id'),
      description: q('description').trim() || null,
      start_time: fromDateTimeInput(q('start_time')),
      end_time: fromDateTimeInput(q('end_time')),
    };
    try {
      const { data } = await busy(tr.querySelector('button[type=submit]'), () => api.patch(`time-entries/${e.id}`, body));
      Object.assign(e, data || body);
      view();
      loadReport();
    } catch (err) {
      showRowErrors(tr, err);
    }
  };
  const remove = async () => {
    if (!(await confirmDialog('Delete this time entry?', { confirmLabel: 'Delete entry' }))) return;
    try {
      await api.del(`time-entries/${e.id}`);
      await Promise.all([loadEntries(), loadReport()]);
    } catch (err) {
      tr.lastChild.appendChild(errorBox(err));
    }
  };
  view();
  return tr;
}

async function createEntry(event) {
  event.preventDefault();
  const form = event.currentTarget;
  form.noValidate = true;
  clearErrors(form);
  const v = readForm(form);
  const body = {
    project_id: v.project_id ?? '',
    description: v.description,
    start_time: fromDateTimeInput(v.start_time) || v.start_time || '',
    end_time: fromDateTimeInput(v.end_time) || v.end_time || '',
  };
  try {
    await busy($('button[type=submit]', form), () => api.post('time-entries', body));
    form.elements.description.value = '';
    entriesPage = 1;
    await Promise.all([loadEntries(), loadReport()]);
  } catch (err) {
    showErrors(form, err);
  }
}

// ---- timer -------------------------------------------------------------------------------

function timerKey() {
  return `keel.timer.${user.id}`;
}

function readTimer() {
  try {
    const t = JSON.parse(localStorage.getItem(timerKey()) || 'null');
    return t && t.started_at && t.project_id ? t : null;
  } catch {
    return null;
  }
}

function writeTimer(t) {
  if (t) localStorage.setItem(timerKey(), JSON.stringify(t));
  else localStorage.removeItem(timerKey());
}

function elapsed(t) {
  const s = Math.max(0, Math.floor((Date.now() - new Date(t.started_at).getTime()) / 1000));
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

function drawTimer() {
  const t = readTimer();
  const display = $('#timer-display');
  const button = $('#timer-button');
  const form = $('#timer-form');
  clearInterval(timerTick);
  if (t) {
    display.classList.add('is-running');
    display.textContent = elapsed(t);
    timerTick = setInterval(() => {
      display.textContent = elapsed(t);
    }, 1000);
    button.textContent = 'Stop timer';
    button.classList.add('btn-danger');
    button.classList.remove('btn-primary');
    form.elements.project_id.value = t.project_id;
    form.elements.project_id.disabled = true;
    form.elements.description.value = t.description || '';
    $('#timer-note').textContent = `Running since ${formatTime(t.started_at)} on ${projectTitles.get(t.project_id) || 'a project'}`;
  } else {
    display.classList.remove('is-running');
    display.textContent = '0:00:00';
    button.textContent = 'Start timer';
    button.classList.add('btn-primary');
    button.classList.remove('btn-danger');
    form.elements.project_id.disabled = false;
    $('#timer-note').textContent = '';
  }
  button.disabled = !t && allProjects.length === 0;
}

async function toggleTimer(event) {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const running = readTimer();
  if (!running) {
    const projectId = form.elements.project_id.value;
    if (!projectId) {
      showErrors(form, { message: 'Create a project first, then start the timer.' });
      return;
    }
    writeTimer({ project_id: projectId, description: form.elements.description.value.trim(), started_at: new Date().toISOString() });
    drawTimer();
    return;
  }
  // Stopping: the entry runs from the start to now (at least one second, so end > start).
  const start = new Date(running.started_at);
  const end = new Date(Math.max(Date.now(), start.getTime() + 1000));
  const description = form.elements.description.value.trim() || running.description || undefined;
  try {
    await busy($('#timer-button'), () =>
      api.post('time-entries', { project_id: running.project_id, description, start_time: start.toISOString(), end_time: end.toISOString() }),
    );
    writeTimer(null);
    form.elements.description.value = '';
    drawTimer();
    $('#timer-note').textContent = `Saved ${formatMinutes((end - start) / 60000)} on ${projectTitles.get(running.project_id) || 'the project'}.`;
    entriesPage = 1;
    await Promise.all([loadEntries(), loadReport()]);
  } catch (err) {
    showErrors(form, err);
    drawTimer();
  }
}

// ---- weekly report -----------------------------------------------------------------------

function moveWeek(days) {
  weekStart = addDays(weekStart, days);
  loadReport();
}

const rangeFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

async function loadReport() {
  const el = $('#report');
  const groupBy = $('#report-group').value;
  const from = weekStart;
  const to = addDays(weekStart, 7);
  $('#report-range').textContent = `${rangeFmt.format(from)} – ${rangeFmt.format(addDays(to, -1))}`;
  $('#report-next').disabled = to > new Date();
  el.setAttribute('aria-busy', 'true');
  try {
    const { data } = await api.get('reports/time', { from: from.toISOString(), to: to.toISOString(), group_by: groupBy });
    const report = readReport(data, groupBy);
    if (!report.rows.length) {
      render(el, empty('Nothing tracked this week', 'Time you track shows up here.'));
      return;
    }
    const max = Math.max(...report.rows.map((r) => r.minutes), 1);
    render(
      el,
      h('p', { class: 'report-total' }, h('span', { class: 'muted' }, 'Total '), h('strong', { 'data-report-total': true }, formatMinutes(report.total))),
      h(
        'ul',
        { class: 'bars', id: 'report-rows' },
        report.rows.map((r) => {
          const fill = h('div', { class: 'bar-fill' });
          fill.style.width = `${Math.max(2, Math.round((r.minutes / max) * 100))}%`;
          return h(
            'li',
            { class: 'bar-row' },
            h('span', { class: 'bar-label' }, r.label),
            h('span', { class: 'num muted', 'data-minutes': r.minutes }, formatMinutes(r.minutes)),
            h('div', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
          );
        }),
      ),
    );
  } catch (err) {
    render(el, errorBox(err));
  } finally {
    el.removeAttribute('aria-busy');
  }
}

// keel's report: {from, to, group_by, total_minutes, total_entries, groups: [...]}, a
// group being {project_id, project_title, minutes, entries} or {date, minutes, entries}.
function readReport(data, groupBy) {
  const rows = ((data && data.groups) || []).map((g) => ({
    label: groupBy === 'day' ? formatDate(g.date) : g.project_title || projectTitles.get(g.project_id) || 'Unknown project',
    minutes: Number(g.minutes) || 0,
  }));
  return { rows, total: Number(data && data.total_minutes) || 0 };
}
