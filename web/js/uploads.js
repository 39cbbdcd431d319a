// Uploads with progress: multipart/form-data sent with XMLHttpRequest (fetch reports no
// upload progress), with the same cookies, CSRF header, one refresh-and-retry on 401 and
// ApiError failures as api.js. keel decides what a file is from its bytes; the browser
// only sends it.
import { API_BASE, ApiError, csrfToken, refreshSession } from './api.js';

function sendOnce(method, path, file, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, `${API_BASE}/${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => resolve({ status: 0, text: '' });
    xhr.ontimeout = () => resolve({ status: 0, text: '' });
    xhr.timeout = 120000;
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

// uploadFile(file, {path = 'files', method = 'POST', onProgress(fraction)}) → data
export async function uploadFile(file, { path = 'files', method = 'POST', onProgress } = {}) {
  let res = await sendOnce(method, path, file, onProgress);
  if (res.status === 401 && (await refreshSession())) res = await sendOnce(method, path, file, onProgress);
  let json = null;
  try {
    json = res.text ? JSON.parse(res.text) : null;
  } catch {
    json = null;
  }
  if (res.status >= 200 && res.status < 300) return json && 'data' in json ? json.data : json;
  const error = (json && json.error) || {};
  throw new ApiError({
    status: res.status,
    code: error.code || (res.status === 0 ? 'NETWORK' : 'ERROR'),
    message: error.message || (res.status === 0 ? 'Could not reach the server. Check your connection and try again.' : 'The upload failed.'),
    field: error.field || null,
    details: error.details || [],
  });
}

// "1.5 MB" for a byte count.
export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
