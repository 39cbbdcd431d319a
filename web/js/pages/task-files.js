// A task's attachments, in a dialog opened from the task list: the files attached
// (download, remove), a drop zone (drag files onto it, or choose them) whose uploads show
// a progress bar, and the quota used. An upload is POST files, then POST
// tasks/{id}/attachments with its id; removing detaches (DELETE tasks/{id}/attachments/
// {file_id}) and deletes the file.
import { api } from '../api.js';
import { h, render, loading, empty, errorBox } from '../dom.js';
import { formatBytes, uploadFile } from '../uploads.js';

export async function openTaskFiles(task) {
  const list = h('ul', { class: 'file-list', id: 'attachment-list' });
  const usage = h('p', { class: 'muted small', id: 'files-usage' });
  const progress = h('progress', { id: 'upload-progress', max: 1, value: 0, hidden: true });
  const status = h('div', { role: 'status', id: 'upload-status', class: 'small' });
  const input = h('input', { type: 'file', id: 'attachment-input', multiple: true, class: 'visually-hidden' });
  const drop = h(
    'label',
    { class: 'drop-zone', id: 'attachment-drop', for: 'attachment-input' },
    'Drop files here, or ',
    h('span', { class: 'link' }, 'choose files'),
  );
  const close = h('button', { class: 'btn', type: 'button', value: 'close' }, 'Close');
  const dialog = h(
    'dialog',
    { class: 'dialog', id: 'task-files', 'aria-labelledby': 'task-files-title' },
    h('h2', { id: 'task-files-title' }, `Files of “${task.title}”`),
    list,
    drop,
    input,
    progress,
    status,
    usage,
    h('div', { class: 'btn-row' }, close),
  );
  document.body.appendChild(dialog);
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());

  const refreshUsage = async () => {
    try {
      const { data } = await api.get('files/usage');
      usage.textContent = `${formatBytes(data.used_bytes)} of ${formatBytes(data.quota_bytes)} used · at most ${formatBytes(data.max_upload_bytes)} a file`;
    } catch {
      usage.textContent = '';
    }
  };
  const load = async () => {
    render(list, loading());
    try {
      const { data } = await api.get(`tasks/${task.id}/attachments`, { limit: 100, sort: 'name' });
      if (!data.length) {
        render(list, empty('No files yet', 'Attach one below.'));
        return;
      }
      render(list, ...data.map(fileRow));
    } catch (err) {
      render(list, errorBox(err));
    }
  };
  const fileRow = (f) =>
    h(
      'li',
      { class: 'file-row', dataset: { id: f.id } },
      h('a', { href: f.url, download: f.name }, f.name),
      h('span', { class: 'muted small' }, ` ${formatBytes(f.size)} `),
      h(
        'button',
        {
          class: 'btn btn-sm btn-danger',
          type: 'button',
          'aria-label': `Remove “${f.name}”`,
          onclick: async () => {
            try {
              await api.del(`tasks/${task.id}/attachments/${f.id}`);
              await api.del(`files/${f.id}`);
            } catch (err) {
              status.replaceChildren(errorBox(err));
            }
            await Promise.all([load(), refreshUsage()]);
          },
        },
        'Remove',
      ),
    );
  const upload = async (files) => {
    for (const file of files) {
      progress.hidden = false;
      progress.value = 0;
      status.textContent = `Uploading ${file.name}…`;
      try {
        const stored = await uploadFile(file, { onProgress: (p) => (progress.value = p) });
        progress.value = 1;
        await api.post(`tasks/${task.id}/attachments`, { file_id: stored.id });
        status.textContent = `${file.name} attached.`;
      } catch (err) {
        status.replaceChildren(errorBox(err));
      }
    }
    await Promise.all([load(), refreshUsage()]);
  };
  input.addEventListener('change', () => upload([...input.files]).then(() => (input.value = '')));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('is-over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('is-over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('is-over');
    upload([...e.dataTransfer.files]);
  });
  dialog.showModal();
  await Promise.all([load(), refreshUsage()]);
  return dialog;
}
