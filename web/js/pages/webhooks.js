// Outbound webhook subscriptions (/app/webhooks/): create one (its signing secret is
// shown once), see each one's delivery log (status, attempts, response code, time),
// redeliver, enable again after it was disabled for failing, delete.
import { request } from '../api.js';
import { $, busy, errorBox, formatDateTime, h, render } from '../dom.js';
import { clearErrors, confirmDialog, readForm, showErrors } from '../forms.js';

const EVENTS = ['task', 'project', 'time_entry'].flatMap((o) => ['created', 'updated', 'deleted'].map((a) => `${o}.${a}`));

function deliveryRow(hook, d, reload) {
  const redeliver = h('button', { class: 'btn btn-sm', type: 'button' }, 'Redeliver');
  redeliver.addEventListener('click', () =>
    busy(redeliver, () => request('POST', `webhook-subscriptions/${hook.id}/deliveries/${d.id}/redeliver`)).then(reload, () => {}));
  return h('tr', { 'data-delivery': d.id },
    h('td', {}, d.event_type),
    h('td', { 'data-status': d.status }, d.status),
    h('td', {}, String(d.attempts)),
    h('td', {}, d.response_code === null ? '—' : String(d.response_code)),
    h('td', { class: 'nowrap' }, d.last_attempt_at ? formatDateTime(d.last_attempt_at) : '—'),
    h('td', {}, redeliver));
}

async function drawHook(hook, container, reload) {
  const { data: deliveries } = await request('GET', `webhook-subscriptions/${hook.id}/deliveries`);
  const remove = h('button', { class: 'btn btn-sm btn-danger', type: 'button' }, 'Delete');
  remove.addEventListener('click', async () => {
    if (!(await confirmDialog(`Delete the subscription to ${hook.url}?`, { confirmLabel: 'Delete' }))) return;
    await request('DELETE', `webhook-subscriptions/${hook.id}`);
    reload();
  });
  const actions = [remove];
  if (!hook.enabled) {
    const enable = h('button', { class: 'btn btn-sm', type: 'button' }, 'Enable again');
    enable.addEventListener('click', () =>
      busy(enable, () => request('PATCH', `webhook-subscriptions/${hook.id}`, { body: { enabled: true } })).then(reload, () => {}));
    actions.unshift(enable);
  }
  container.append(h('article', { class: 'card', 'data-hook': hook.id },
    h('div', { class: 'card-header' }, h('h3', {}, hook.url), h('div', { class: 'btn-row' }, actions)),
    h('p', { class: 'muted' }, `${hook.events.join(', ')}${hook.description ? ` — ${hook.description}` : ''}`),
    hook.enabled ? null : h('div', { class: 'alert alert-error' }, `Disabled: ${hook.disabled_reason || 'failing'}`),
    deliveries.length === 0
      ? h('p', { class: 'muted' }, 'No deliveries yet.')
      : h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, ['Event', 'Status', 'Attempts', 'Response', 'Last attempt', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, deliveries.map((d) => deliveryRow(hook, d, reload))))));
}

export async function init() {
  const form = $('#hook-form');
  render($('#hook-events'), EVENTS.map((e) =>
    h('label', { class: 'checkbox' }, h('input', { type: 'checkbox', name: 'events', value: e }), ` ${e}`)));
  const list = $('#hook-list');
  const reload = async () => {
    try {
      const { data } = await request('GET', 'webhook-subscriptions');
      const container = h('div', { class: 'stack' });
      if (data.length === 0) container.append(h('p', { class: 'muted' }, 'No subscriptions yet.'));
      for (const hook of data) await drawHook(hook, container, reload);
      render(list, container);
    } catch (err) {
      render(list, errorBox(err));
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const values = readForm(form);
    const events = [...form.querySelectorAll('input[name=events]:checked')].map((i) => i.value);
    const body = { url: values.url || '', events };
    if (values.description) body.description = values.description;
    try {
      const { data } = await busy($('button[type=submit]', form), () => request('POST', 'webhook-subscriptions', { body }));
      render($('#hook-secret'), h('div', { class: 'alert alert-success' },
        'Signing secret (shown only now): ', h('code', { 'data-secret': '' }, data.secret)));
      form.reset();
      await reload();
    } catch (err) {
      showErrors(form, err);
    }
  });
  await reload();
}
