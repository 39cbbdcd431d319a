// The signed-in app's frame: the top bar (brand, navigation, the user's email, sign out)
// and the phone menu. Pages under /app/ are separate HTML files (see app.js); each has an
// empty <header id="topbar"> that this fills.
import { signOut } from './api.js';
import { $, h, render } from './dom.js';

const LINKS = [
  { href: '/app/', label: 'Dashboard', page: 'dashboard' },
  { href: '/app/projects/', label: 'Projects & time', page: 'projects' },
  { href: '/app/tasks/', label: 'Tasks', page: 'tasks' },
  { href: '/app/notes/', label: 'Notes', page: 'notes' },
  { href: '/app/webhooks/', label: 'Webhooks', page: 'webhooks' },
  { href: '/app/account/', label: 'Account', page: 'account' },
  { href: '/app/admin/', label: 'Admin', page: 'admin', admin: true },
];

// Draws the top bar for `page`. Returns update(user) to fill in the user once known.
export function renderShell(page) {
  const header = $('#topbar');
  if (!header) return () => {};
  header.className = 'topbar';

  const nav = h('nav', { class: 'nav', id: 'main-nav', 'aria-label': 'Main' });
  const email = h('span', { class: 'user-email', 'data-user-email': true });
  const signOutBtn = h('button', { class: 'btn btn-sm', type: 'button', 'data-sign-out': true }, 'Sign out');
  const toggle = h(
    'button',
    { class: 'btn btn-sm btn-ghost menu-toggle', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'main-nav' },
    'Menu',
  );

  const drawNav = (user) => {
    render(
      nav,
      LINKS.filter((l) => !l.admin || (user && user.role === 'admin')).map((l) =>
        h('a', { href: l.href, 'aria-current': l.page === page ? 'page' : null }, l.label),
      ),
    );
  };
  drawNav(null);

  toggle.addEventListener('click', () => {
    const open = header.classList.toggle('is-open');
    toggle.setAttribute('aria-expanded', String(open));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && header.classList.contains('is-open')) {
      header.classList.remove('is-open');
      toggle.setAttribute('aria-expanded', 'false');
      toggle.focus();
    }
  });
  signOutBtn.addEventListener('click', async () => {
    signOutBtn.disabled = true;
    signOutBtn.setAttribute('aria-busy', 'true');
    await signOut();
    location.assign('/?signed_out=1');
  });

  render(
    header,
    h(
      'div',
      { class: 'topbar-inner' },
      h('a', { class: 'brand', href: '/app/' }, h('span', { class: 'logo-mark', 'aria-hidden': 'true' }, 'k'), 'keel'),
      toggle,
      nav,
      h('div', { class: 'user-menu' }, email, signOutBtn),
    ),
  );

  return (user) => {
    drawNav(user);
    email.textContent = (user && (user.email || user.name)) || '';
    if (user && user.email) email.title = user.email;
  };
}
