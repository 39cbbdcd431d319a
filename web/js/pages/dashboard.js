// Dashboard (/app/): the summary (GET dashboard/data), the engagement chart
// (GET dashboard/metrics/summary, bucket hour|day|week), recording a metric
// (POST dashboard/metrics) and the dashboard items (admins publish, edit and delete).
import { api } from '../api.js';
import { $, h, render, loading, empty, errorBox, busy, flash, formatMinutes, formatNumber, formatDateTime, formatRelative, fromDateTimeInput } from '../dom.js';
import { clearErrors, confirmDialog, readForm, showErrors } from '../forms.js';
import { MetricsChart, bucketLabel } from '../metrics-chart.js';

const STAT_LABELS = { avg: 'Average', sum: 'Sum', count: 'Count', max: 'Maximum', min: 'Minimum' };

let user = null;
let chart = null;
let knownTypes = [];
let chartRequest = 0;

export async function init(ctx) {
  user = ctx.user;
  const name = user.name || user.email;
  $('[data-greeting]').textContent = `Welcome back, ${name}. Here is your week at a glance.`;
  chart = new MetricsChart($('#metrics-chart'));

  $('#chart-controls').addEventListener('change', (e) => {
    if (e.target.name === 'bucket') limitRange();
    loadChart();
  });
  limitRange();
  $('#chart-controls').addEventListener('submit', (e) => e.preventDefault());
  $('#metric-form').addEventListener('submit', recordMetric);
  if (user.role === 'admin') {
    $('#item-form').hidden = false;
    $('#item-form').addEventListener('submit', createItem);
  }
  await loadDashboard();
}

// ---- summary -------------------------------------------------------------------------------

async function loadDashboard() {
  const summaryEl = $('#summary');
  try {
    const { data } = await api.get('dashboard/data');
    const summary = readSummary((data && data.summary) || {});
    renderSummary(summary);
    renderLatest(summary.latest);
    renderItems((data && data.items) || []);
    setTypes(summary.latest.map((m) => m.metric_type));
  } catch (err) {
    render(summaryEl, h('div', { class: 'card stat' }, errorBox(err)));
    render($('#latest-metrics'), errorBox(err));
    render($('#items'), errorBox(err));
  } finally {
    summaryEl.removeAttribute('aria-busy');
  }
  await loadChart();
}

function num(v) {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

// The summary keel sends (CONTRACT §5): task counts by status, tasks completed, the
// project count, minutes tracked this ISO week (UTC) and the latest value per metric type.
function readSummary(s) {
  const byStatus = s.tasks_by_status || {};
  const tasks = { draft: num(byStatus.draft), active: num(byStatus.active), archived: num(byStatus.archived) };
  return {
    tasks,
    tasksTotal: tasks.draft + tasks.active + tasks.archived,
    completed: num(s.tasks_completed),
    projects: num(s.project_count),
    minutes: num(s.minutes_this_week),
    latest: Array.isArray(s.latest_metrics) ? s.latest_metrics : [],
  };
}

function stat(label, value, note, key) {
  return h(
    'div',
    { class: 'card stat', dataset: { stat: key } },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    note ? h('div', { class: 'stat-note' }, note) : null,
  );
}

function renderSummary(s) {
  render(
    $('#summary'),
    stat('Active tasks', String(s.tasks.active), `${s.tasksTotal} in all · ${s.tasks.draft} draft · ${s.tasks.archived} archived · ${s.completed} done`, 'tasks'),
    stat('Projects', String(s.projects), null, 'projects'),
    stat('Tracked this week', formatMinutes(s.minutes), 'Since Monday', 'minutes'),
    stat('Metric types', String(s.latest.length), s.latest.length ? 'With a recorded value' : 'Record one below', 'metrics'),
  );
}

function renderLatest(latest) {
  const el = $('#latest-metrics');
  if (!latest.length) {
    render(el, empty('No metrics yet', 'Record a value to start the chart.'));
    return;
  }
  render(
    el,
    h(
      'dl',
      { class: 'kv' },
      latest.flatMap((m) => [
        h('dt', {}, m.metric_type),
        h(
          'dd',
          {},
          h('strong', { class: 'num' }, formatNumber(m.metric_value)),
          ' ',
          h('span', { class: 'faint small' }, formatRelative(m.recorded_at)),
        ),
      ]),
    ),
  );
}

function setTypes(types) {
  knownTypes = Array.from(new Set([...knownTypes, ...types.filter(Boolean)])).sort();
  const select = $('#chart-type');
  const current = select.value;
  render(
    select,
    knownTypes.length ? knownTypes.map((t) => h('option', { value: t }, t)) : h('option', { value: '' }, 'No metrics yet'),
  );
  select.disabled = knownTypes.length === 0;
  if (current && knownTypes.includes(current)) select.value = current;
  render($('#metric-types'), knownTypes.map((t) => h('option', { value: t })));
}

// ---- chart ---------------------------------------------------------------------------------

// keel caps the range per bucket (hour: 31 days), so hourly charts offer at most 30 days.
function limitRange() {
  const form = $('#chart-controls');
  const hourly = form.elements.bucket.value === 'hour';
  for (const opt of form.elements.range.options) opt.disabled = hourly && Number(opt.value) > 30;
  if (form.elements.range.selectedOptions[0].disabled) form.elements.range.value = '7';
}

async function loadChart() {
  const form = $('#chart-controls');
  const type = form.elements.metric_type.value;
  const bucket = form.elements.bucket.value;
  const stat = form.elements.stat.value;
  const days = Number(form.elements.range.value);
  const status = $('#chart-status');
  const box = $('#chart-box');
  if (!type) {
    chart.update([], { bucket, label: 'No data' });
    box.hidden = true;
    render(status, empty('Nothing to chart yet', 'Record a metric to see it over time.'));
    render($('#chart-table'));
    return;
  }
  const to = new Date();
  const from = new Date(to.getTime() - days * 86400000);
  const seq = ++chartRequest;
  render(status, loading('Loading chart…'));
  try {
    const { data } = await api.get('dashboard/metrics/summary', {
      metric_type: type,
      bucket,
      from: from.toISOString(),
      to: to.toISOString(),
    });
    if (seq !== chartRequest) return; // a newer request replaced this one
    // {bucket, from, to, buckets: [{bucket_start, metric_type, count, sum, avg, min, max}]}
    const rows = ((data && data.buckets) || []).map((b) => ({
      t: b.bucket_start,
      count: num(b.count),
      sum: num(b.sum),
      avg: num(b.avg),
      min: num(b.min),
      max: num(b.max),
    }));
    rows.sort((a, b) => new Date(a.t) - new Date(b.t));
    const points = rows.map((r) => ({ t: r.t, v: r[stat] }));
    const label = `${type} (${STAT_LABELS[stat].toLowerCase()})`;
    if (!points.length) {
      box.hidden = true;
      chart.update([], { bucket, label });
      render(status, empty('No data in this range', 'Pick a longer range or record a value.'));
    } else {
      box.hidden = false;
      render(status);
      await chart.update(points, { bucket, label });
      if (seq !== chartRequest) return;
      if (!chart.available) render(status, h('p', { class: 'muted small' }, 'The chart library is not installed; the data is in the table below.'));
    }
    renderChartTable(rows, bucket);
  } catch (err) {
    if (seq !== chartRequest) return;
    box.hidden = true;
    render(status, errorBox(err));
  }
}

function renderChartTable(rows, bucket) {
  const el = $('#chart-table');
  if (!rows.length) {
    render(el, h('p', { class: 'muted small' }, 'No buckets.'));
    return;
  }
  render(
    el,
    h(
      'table',
      { class: 'table' },
      h('thead', {}, h('tr', {}, ['Bucket', 'Count', 'Sum', 'Average', 'Min', 'Max'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, bucketLabel(r.t, bucket)),
            [r.count, r.sum, r.avg, r.min, r.max].map((v) => h('td', { class: 'num' }, formatNumber(v))),
          ),
        ),
      ),
    ),
  );
}

async function recordMetric(event) {
  event.preventDefault();
  const form = event.currentTarget;
  form.noValidate = true;
  clearErrors(form);
  const values = readForm(form);
  const body = { metric_type: values.metric_type ?? '', metric_value: values.metric_value === undefined ? '' : Number(values.metric_value) };
  if (values.metric_value !== undefined && !Number.isFinite(body.metric_value)) body.metric_value = values.metric_value;
  if (values.recorded_at) body.recorded_at = fromDateTimeInput(values.recorded_at);
  try {
    await busy($('button[type=submit]', form), () => api.post('dashboard/metrics', body));
    flash($('#metric-flash'), `Recorded ${body.metric_type} = ${formatNumber(body.metric_value)}`);
    const type = body.metric_type;
    form.elements.metric_value.value = '';
    form.elements.recorded_at.value = '';
    setTypes([type]);
    $('#chart-type').value = type;
    await refreshSummaryOnly();
    await loadChart();
  } catch (err) {
    showErrors(form, err);
  }
}

async function refreshSummaryOnly() {
  try {
    const { data } = await api.get('dashboard/data');
    const summary = readSummary((data && data.summary) || {});
    renderSummary(summary);
    renderLatest(summary.latest);
    setTypes(summary.latest.map((m) => m.metric_type));
  } catch {
    // The chart still updates; the summary catches up on the next load.
  }
}

// ---- items ---------------------------------------------------------------------------------

function renderItems(items) {
  const el = $('#items');
  if (!items.length) {
    render(el, empty('No announcements', user.role === 'admin' ? 'Publish the first one above.' : 'Nothing has been published yet.'));
    return;
  }
  render(el, h('ul', { class: 'item-list' }, items.map(itemRow)));
}

function itemRow(item) {
  const li = h('li', { class: 'item', dataset: { id: item.id } });
  const view = () => {
    render(
      li,
      h(
        'div',
        { class: 'item-head' },
        h('h3', {}, item.title),
        h('span', { class: 'faint small' }, formatDateTime(item.created_at)),
      ),
      item.content ? h('p', { class: 'item-body' }, item.content) : null,
      user.role === 'admin'
        ? h(
            'div',
            { class: 'btn-row' },
            h('button', { class: 'btn btn-sm', type: 'button', onclick: edit, 'aria-label': `Edit ${item.title}` }, 'Edit'),
            h('button', { class: 'btn btn-sm btn-danger', type: 'button', onclick: remove, 'aria-label': `Delete ${item.title}` }, 'Delete'),
          )
        : null,
    );
  };
  const edit = () => {
    const form = h(
      'form',
      { class: 'form' },
      h('div', { class: 'alert alert-error', 'data-form-error': true, role: 'alert', hidden: true }),
      h('div', { class: 'field' }, h('label', { for: `it-${item.id}` }, 'Title'), h('input', { class: 'input', id: `it-${item.id}`, name: 'title', value: item.title })),
      h('div', { class: 'field' }, h('label', { for: `ic-${item.id}` }, 'Content'), h('textarea', { class: 'textarea', id: `ic-${item.id}`, name: 'content' }, item.content || '')),
      h('div', { class: 'btn-row' }, h('button', { class: 'btn btn-primary btn-sm', type: 'submit' }, 'Save'), h('button', { class: 'btn btn-sm', type: 'button', onclick: view }, 'Cancel')),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const v = readForm(form, { keepEmpty: true });
      try {
        const { data } = await busy($('button[type=submit]', form), () => api.patch(`dashboard/items/${item.id}`, { title: v.title, content: v.content }));
        Object.assign(item, data || v);
        view();
      } catch (err) {
        showErrors(form, err);
      }
    });
    render(li, form);
    form.elements.title.focus();
  };
  const remove = async () => {
    if (!(await confirmDialog(`Delete “${item.title}” for everyone?`, { confirmLabel: 'Delete' }))) return;
    try {
      await api.del(`dashboard/items/${item.id}`);
      li.remove();
      if (!$('#items .item')) renderItems([]);
    } catch (err) {
      li.appendChild(errorBox(err));
    }
  };
  view();
  return li;
}

async function createItem(event) {
  event.preventDefault();
  const form = event.currentTarget;
  form.noValidate = true;
  clearErrors(form);
  const v = readForm(form);
  try {
    const { data } = await busy($('button[type=submit]', form), () => api.post('dashboard/items', { title: v.title ?? '', content: v.content }));
    form.reset();
    const list = $('#items .item-list');
    if (list) list.prepend(itemRow(data));
    else render($('#items'), h('ul', { class: 'item-list' }, itemRow(data)));
  } catch (err) {
    showErrors(form, err);
  }
}
