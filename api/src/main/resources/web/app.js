// The page's entry: signs in (a token exchanged once for a session cookie), draws the navigation
// for the caller's role and renders the page the URL names.
import { api, setCsrf, ApiError } from './api.js';
import { h, clear, page, errorBox } from './dom.js';
import * as student from './student.js';
import * as staff from './staff.js';

const state = { me: null };

const routes = [
  [/^\/$/, () => student.problems()],
  [/^\/problems\/([^/]+)$/, (id) => student.problem(id)],
  [/^\/submissions$/, () => student.history(state.me)],
  [/^\/submissions\/([^/]+)$/, (id) => student.submission(id, state.me)],
  [/^\/staff\/submissions$/, () => staff.submissions(state.me)],
  [/^\/staff\/problems$/, () => staff.problems()],
  [/^\/staff\/system$/, () => import('./system.js').then((m) => m.system())],
];

function isStaff() {
  return state.me && (state.me.role === 'staff' || state.me.role === 'admin');
}

export function navigate(path) {
  history.pushState(null, '', path);
  render();
}

async function render() {
  if (!state.me) return signIn();
  drawNav();
  const path = location.pathname;
  if (path.startsWith('/staff/') && !isStaff()) return notFound();
  for (const [pattern, view] of routes) {
    const match = pattern.exec(path);
    if (match) {
      try {
        await view(...match.slice(1).map(decodeURIComponent));
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          state.me = null;
          return signIn();
        }
        if (e instanceof ApiError && e.status === 404) return notFound();
        page('Something went wrong', errorBox(e));
      }
      return;
    }
  }
  notFound();
}

export function notFound() {
  page('Not found', h('p', {}, 'There is nothing here, or it is not yours to see.'),
    h('p', {}, h('a', { href: '/', 'data-link': true }, 'Back to the problems')));
}

function drawNav() {
  const nav = clear(document.getElementById('nav'));
  const items = [['/', 'Problems'], ['/submissions', 'My submissions']];
  if (isStaff()) {
    items.push(['/staff/submissions', 'All submissions'], ['/staff/problems', 'Manage problems'],
      ['/staff/system', 'System']);
  }
  const list = h('ul', {});
  for (const [href, text] of items) {
    const current = location.pathname === href ? 'page' : null;
    list.append(h('li', {}, h('a', { href, 'data-link': true, 'aria-current': current }, text)));
  }
  nav.append(list, h('span', { class: 'who' }, state.me.name + ' (' + state.me.role + ')'),
    h('button', { type: 'button', id: 'sign-out', onclick: signOut }, 'Sign out'));
}

async function signOut() {
  try {
    await api('DELETE', '/api/v1/session');
  } finally {
    state.me = null;
    setCsrf(null);
    clear(document.getElementById('nav'));
    signIn();
  }
}

function signIn() {
  clear(document.getElementById('nav'));
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off',
    required: true, 'aria-describedby': 'token-help' });
  const message = h('p', { id: 'sign-in-error', class: 'error', role: 'alert' });
  const form = h('form', { class: 'card', id: 'sign-in' },
    h('label', { for: 'token' }, 'Access token'), input,
    h('p', { id: 'token-help', class: 'hint' },
      'The token your course staff handed out (it starts with vd_). It is exchanged once for a ' +
      'session of this browser and not kept by the page.'),
    h('button', { type: 'submit' }, 'Sign in'), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    try {
      const me = await api('POST', '/api/v1/session', undefined, { bearer: input.value.trim() });
      input.value = '';
      state.me = me;
      setCsrf(me.csrf);
      render();
    } catch (e) {
      message.textContent = e.status === 401 ? 'That token is unknown, revoked or expired.' : e.message;
      input.focus();
    }
  });
  page('Sign in', form);
  input.focus();
}

document.addEventListener('click', (event) => {
  const a = event.target.closest('a[data-link]');
  if (!a || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);

async function start() {
  try {
    state.me = await api('GET', '/api/v1/session');
    setCsrf(state.me.csrf);
  } catch {
    state.me = null;
  }
  render();
}

start();
