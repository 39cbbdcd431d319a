// Entry point of every page: <script type="module" src="/js/app.js"> with
// <body data-page="NAME">.
//
// The app is a set of plain HTML pages (/, /signup/, /app/, /app/projects/, /app/tasks/,
// /app/account/, /app/admin/) rather than one shell with client-side routing: nginx
// serves web/ with `try_files $uri $uri/ =404`, so every page is a real URL that reloads,
// bookmarks and deep-links without a server fallback; the sign-in form's no-JavaScript
// 303 lands on a real page; and each page loads only its own module.
//
// Signed-out pages (signin, signup) just run their module. App pages draw the top bar,
// ask keel who is signed in (GET auth/me; on 401 the API client refreshes once, and when
// that fails it goes to the sign-in page with ?next= back here), then run the page's
// module, js/pages/<data-page>.js.
import { request, unwrapUser, ApiError } from './api.js';
import { renderShell } from './shell.js';
import { $, h, render, errorBox } from './dom.js';
import { showVerifyBanner } from './verify-banner.js';

const PUBLIC = new Set(['signin', 'signup', 'forgot-password', 'reset-password']);

async function main() {
  const page = document.body.dataset.page;
  if (!/^[a-z-]+$/.test(page || '')) return;
  // The page's module is js/pages/<data-page>.js: a new page needs no line here.
  const load = () => import(`./pages/${page}.js`);
  document.documentElement.classList.add('js');
  // keel validates every field and its messages are shown beside them (forms.js), so the
  // browser's own validation bubbles (used when JavaScript is off) are switched off.
  for (const form of document.forms) form.noValidate = true;

  if (PUBLIC.has(page)) {
    const mod = await load();
    await mod.init();
    document.body.dataset.ready = 'true';
    return;
  }

  const setUser = renderShell(page);
  const mainEl = $('#main');
  const modPromise = load();
  let user;
  try {
    const { data } = await request('GET', 'auth/me');
    user = unwrapUser(data);
  } catch (err) {
    // 401 after a failed refresh already navigated to the sign-in page.
    if (err instanceof ApiError && err.status === 401) return;
    render(mainEl, errorBox(err));
    return;
  }
  setUser(user);
  showVerifyBanner(user, mainEl);
  const mod = await modPromise;
  await mod.init({ user, main: mainEl });
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  const mainEl = $('#main') || document.body;
  mainEl.prepend(h('div', { class: 'alert alert-error', role: 'alert' }, `The page could not start: ${err.message || err}`));
});
