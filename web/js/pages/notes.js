// Notes (/app/notes/): create, search, filter by pinned, sort, page through, pin or unpin,
// delete. Everything it calls is the generic resource API of src/notes/note_resource.h
// (GET/POST notes, PATCH/DELETE notes/{id}).
import { api } from '../api.js';
import { $, h, render, loading, empty, errorBox, busy, pager, formatDateTime } from '../dom.js';
import { clearErrors, confirmDialog, readForm, showErrors } from '../forms.js';

let page = 1;
let listRequest = 0;
let searchTimer = null;

export async function init() {
  const filters = $('#note-filters');
  filters.addEventListener('change', (e) => {
    if (e.target.name !== 'q') reload();
  });
  filters.addEventListener('input', (e) => {
    if (e.target.name !== 'q') return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(reload, 300);
  });
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    reload();
  });
  $('#note-form').addEventListener('submit', createNote);
  await loadNotes();
}

function reload() {
  page = 1;
  return loadNotes();
}

function currentQuery() {
  const q = { page: String(page), limit: '10' };
  for (const el of $('#note-filters').elements) {
    const v = el.value.trim();
    if (el.name && v !== '') q[el.name] = v;
  }
  return q;
}

async function loadNotes() {
  const el = $('#notes');
  const query = currentQuery();
  const seq = ++listRequest;
  if (!el.querySelector('table')) render(el, loading('Loading notes…'));
  el.setAttribute('aria-busy', 'true');
  try {
    const { data, pagination } = await api.get('notes', query);
    if (seq !== listRequest) return;
    if ((!data || !data.length) && page > 1) {
      page -= 1;
      return loadNotes();
    }
    const total = pagination ? pagination.total : 0;
    $('#note-count').textContent = `${total} ${total === 1 ? 'note' : 'notes'}`;
    if (!data || !data.length) {
      const filtered = query.q || query.pinned;
      render(el, filtered ? empty('No notes match', 'Try another search.') : empty('No notes yet', 'Write your first note above.'));
      return;
    }
    const head = [h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Pinned')), h('th', { scope: 'col' }, 'Note'), h('th', { scope: 'col' }, 'Created')];
    render(
      el,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table table-stack', id: 'notes-table' },
          h('thead', {}, h('tr', {}, head, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
          h('tbody', {}, data.map(noteRow)),
        ),
      ),
      pager(pagination, (p) => {
        page = p;
        loadNotes();
      }, 'notes'),
    );
  } catch (err) {
    if (seq === listRequest) render(el, errorBox(err));
  } finally {
    if (seq === listRequest) el.removeAttribute('aria-busy');
  }
}

function noteRow(n) {
  const tr = h('tr', { dataset: { id: n.id } });
  const pin = h('input', { type: 'checkbox', checked: n.pinned, 'aria-label': `Pin “${n.title}”`, 'data-pin': true });
  pin.addEventListener('change', () => setPinned(n, pin, tr));
  const remove = async () => {
    if (!(await confirmDialog(`Delete the note “${n.title}”?`, { confirmLabel: 'Delete note' }))) return;
    try {
      await api.del(`notes/${n.id}`);
      await loadNotes();
    } catch (err) {
      tr.lastChild.appendChild(errorBox(err));
    }
  };
  render(
    tr,
    h('td', { class: 'cell-check' }, h('label', { class: 'check' }, pin, h('span', { class: 'visually-hidden' }, 'Pinned'))),
    h(
      'td',
      { class: 'cell-main', 'data-label': 'Note' },
      h('strong', { class: 'note-title' }, n.title),
      n.body ? h('div', { class: 'muted small task-desc' }, n.body) : null,
    ),
    h('td', { 'data-label': 'Created', class: 'nowrap' }, formatDateTime(n.created_at)),
    h(
      'td',
      { class: 'actions' },
      h('button', { class: 'btn btn-sm btn-danger', type: 'button', onclick: remove, 'aria-label': `Delete “${n.title}”` }, 'Delete'),
    ),
  );
  return tr;
}

// PATCH {pinned}; on failure the box goes back to what keel has.
async function setPinned(n, box, tr) {
  box.disabled = true;
  try {
    const { data } = await api.patch(`notes/${n.id}`, { pinned: box.checked });
    Object.assign(n, data || { pinned: box.checked });
  } catch (err) {
    box.checked = n.pinned;
    tr.lastChild.appendChild(errorBox(err));
  } finally {
    box.disabled = false;
  }
}

async function createNote(event) {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const v = readForm(form);
  try {
    await busy($('button[type=submit]', form), () => api.post('notes', { title: v.title ?? '', body: v.body, pinned: v.pinned }));
    form.reset();
    await reload();
    form.elements.title.focus();
  } catch (err) {
    showErrors(form, err);
  }
}
