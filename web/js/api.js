// The one way the browser app talks to keel (CONTRACT §3, §4.3).
//
// Authentication is the cookies keel sets: the HttpOnly access and refresh cookies go
// along by themselves (credentials: 'same-origin'); this module never sees a token, and
// it ignores the tokens keel also returns in JSON bodies. Nothing is kept in
// localStorage or sessionStorage.
//
// Every unsafe request (POST, PUT, PATCH, DELETE) carries X-CSRF-Token with the value of
// the readable __Host-keel_csrf cookie.
//
// A 401 means the access cookie expired or is missing: the request is retried once after
// a silent POST auth/refresh (the refresh cookie is Path=/api). Requests that get a 401
// at the same time share one refresh; across tabs, the Web Locks API lets one tab refresh
// while the others wait (keel also returns the same new pair to a second refresh of the
// same token within its reuse window, so this is belt and braces). When the refresh
// fails the session is over: onSessionExpired() sends the user to the sign-in page.
//
// Failures are ApiError values: status, code, message, and the field / details keel
// names in VALIDATION_ERROR answers, so forms can show each message beside its field.

export const API_BASE = '/api/v1';
const CSRF_COOKIE = '__Host-keel_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REQUEST_TIMEOUT_MS = 20000;

export class ApiError extends Error {
  // status: HTTP status (0 for a network failure); code: keel's error code;
  // field: the first bad field; details: [{field, message, ...}] for every bad field.
  constructor({ status, code, message, field = null, details = [], requestId = null, retryAfter = null }) {
    super(message || 'Request failed');
    this.name = 'ApiError';
    this.status = status;
    this.code = code || 'ERROR';
    this.field = field;
    this.details = details;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

// The value of a cookie readable by scripts, or ''.
export function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return '';
}

export function csrfToken() {
  return readCookie(CSRF_COOKIE);
}

// True when the browser holds keel's CSRF cookie, i.e. there may be a session worth
// asking about. Lets the sign-in page skip a pointless 401 round trip.
export function mayHaveSession() {
  return csrfToken() !== '';
}

// ---- refresh ---------------------------------------------------------------------------

let refreshInFlight = null;
// Bumped after every successful refresh: a request that was sent before the latest
// refresh and got a 401 is simply retried, it does not refresh again.
let refreshGeneration = 0;

function postRefresh() {
  const headers = { Accept: 'application/json' };
  const csrf = csrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  return fetch(`${API_BASE}/auth/refresh`, {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    cache: 'no-store',
    signal: timeoutSignal(REQUEST_TIMEOUT_MS),
  }).then(
    (res) => res.ok,
    () => false,
  );
}

// Refreshes the session once for everyone waiting on it. Resolves true when keel issued
// new cookies, false when the session is gone.
export function refreshSession() {
  if (!refreshInFlight) {
    const run = () => postRefresh();
    const locked =
      navigator.locks && typeof navigator.locks.request === 'function'
        ? navigator.locks.request('keel-auth-refresh', run)
        : run();
    refreshInFlight = Promise.resolve(locked)
      .then((ok) => {
        if (ok) refreshGeneration += 1;
        return ok;
      })
      .finally(() => {
        refreshInFlight = null;
      });
  }
  return refreshInFlight;
}

let expiredHandler = defaultExpiredHandler;

function defaultExpiredHandler() {
  const here = location.pathname + location.search;
  const next = here.startsWith('/app') ? `?next=${encodeURIComponent(here)}` : '';
  location.assign(`/${next}`);
}

// Replaces what happens when the session cannot be refreshed (the default goes to the
// sign-in page with ?next= pointing back here).
export function onSessionExpired(handler) {
  expiredHandler = handler;
}

let expiredNotified = false;
function sessionExpired() {
  if (expiredNotified) return;
  expiredNotified = true;
  expiredHandler();
}

// ---- requests --------------------------------------------------------------------------

function timeoutSignal(ms, outer) {
  if (typeof AbortSignal.timeout !== 'function') return outer;
  const t = AbortSignal.timeout(ms);
  if (!outer) return t;
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([outer, t]) : outer;
}

function buildUrl(path, query) {
  const url = new URL(path.startsWith('/api/') ? path : `${API_BASE}/${path.replace(/^\//, '')}`, location.origin);
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      url.searchParams.set(k, String(v));
    }
  }
  return url.pathname + url.search;
}

async function errorFrom(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const e = (body && body.error) || {};
  const retry = res.headers.get('Retry-After');
  let message = e.message;
  if (!message) {
    message = res.status >= 500 ? 'The server could not complete the request. Please try again.' : `Request failed (${res.status})`;
  }
  if (res.status === 429 && retry) message = `${message} (try again in ${retry} s)`;
  return new ApiError({
    status: res.status,
    code: e.code || (res.status >= 500 ? 'UNAVAILABLE' : 'ERROR'),
    message,
    field: e.field || null,
    details: normaliseDetails(e.details, e.field, e.message),
    requestId: res.headers.get('X-Request-Id'),
    retryAfter: retry,
  });
}

// keel's details are a list of {field, message}; tolerate an object map too.
function normaliseDetails(details, field, message) {
  const out = [];
  if (Array.isArray(details)) {
    for (const d of details) {
      if (d && typeof d === 'object') out.push({ field: d.field || null, message: d.message || d.reason || message });
      else if (typeof d === 'string') out.push({ field: null, message: d });
    }
  } else if (details && typeof details === 'object') {
    for (const [k, v] of Object.entries(details)) out.push({ field: k, message: String(v) });
  }
  if (field && !out.some((d) => d.field === field)) out.unshift({ field, message });
  return out;
}

async function send(method, url, body, signal) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (UNSAFE.has(method)) {
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  return fetch(url, {
    method,
    headers,
    body: payload,
    credentials: 'same-origin',
    cache: 'no-store',
    redirect: 'error',
    signal: timeoutSignal(REQUEST_TIMEOUT_MS, signal),
  });
}

// request(method, path, {body, query, signal, auth}) → {data, pagination, status, location}
// path is relative to /api/v1/ ("tasks/123") or absolute ("/api/v1/tasks").
// auth: false for requests that must not trigger refresh/redirect (sign-in, sign-up).
export async function request(method, path, { body, query, signal, auth = true } = {}) {
  const url = buildUrl(path, query);
  const generation = refreshGeneration;
  let res;
  try {
    res = await send(method, url, body, signal);
    if (res.status === 401 && auth) {
      // A refresh finished after this request left: the cookies are already new.
      const ok = refreshGeneration !== generation ? true : await refreshSession();
      if (!ok) {
        sessionExpired();
        throw await errorFrom(res);
      }
      res = await send(method, url, body, signal);
      if (res.status === 401) {
        sessionExpired();
        throw await errorFrom(res);
      }
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err && err.name === 'AbortError' && signal && signal.aborted) throw err;
    const timedOut = err && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new ApiError({
      status: 0,
      code: timedOut ? 'TIMEOUT' : 'NETWORK',
      message: timedOut ? 'The server took too long to answer. Please try again.' : 'Could not reach the server. Check your connection and try again.',
    });
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return { data: null, pagination: null, status: 204, location: null };
  let json = null;
  try {
    json = await res.json();
  } catch {
    throw new ApiError({ status: res.status, code: 'BAD_RESPONSE', message: 'The server sent an unreadable answer.' });
  }
  return {
    data: json && 'data' in json ? json.data : json,
    pagination: (json && json.pagination) || null,
    status: res.status,
    location: res.headers.get('Location'),
  };
}

export const api = {
  get: (path, query, opts = {}) => request('GET', path, { ...opts, query }),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts = {}) => request('PATCH', path, { ...opts, body }),
  del: (path, opts = {}) => request('DELETE', path, opts),
};

// ---- auth helpers ----------------------------------------------------------------------

// The signed-in user, or null when there is no session (without redirecting).
export async function currentUser() {
  if (!mayHaveSession()) return null;
  try {
    const { data } = await request('GET', 'auth/me', { auth: false });
    return unwrapUser(data);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
  }
  if (!(await refreshSession())) return null;
  try {
    const { data } = await request('GET', 'auth/me', { auth: false });
    return unwrapUser(data);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

// auth/me answers the user; tolerate {user: {...}} as well.
export function unwrapUser(data) {
  if (data && typeof data === 'object' && data.user && typeof data.user === 'object') return data.user;
  return data;
}

// Ends this browser's session. An expired access cookie is refreshed first (once), so
// that signing out after a long pause still revokes the session and clears the refresh
// cookie; any other failure (already signed out, server away) lets the user leave anyway.
export async function signOut() {
  try {
    await request('POST', 'auth/logout', { auth: false });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) return;
    if (!(await refreshSession())) return;
    try {
      await request('POST', 'auth/logout', { auth: false });
    } catch {
      // Nothing more to do.
    }
  }
}

// A `next` value is followed only when it is a path on this site under /app (never an
// absolute or protocol-relative URL): the same rule keel applies to the no-JS flow.
export function safeNext(value, fallback = '/app/') {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback;
  }
  if (!/^\/app(\/|$|\?)/.test(value)) return fallback;
  return value;
}
