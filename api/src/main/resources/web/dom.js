// Builds elements from data. Every string a caller passes becomes a text node or an attribute value,
// never markup: user content (names, sources, outputs, messages) cannot inject HTML here.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function main() {
  return document.getElementById('main');
}

// Puts a new page in <main> and moves focus to its heading, so a screen reader and the keyboard
// start at the top of what changed.
export function page(title, ...children) {
  const heading = h('h1', { tabindex: '-1' }, title);
  clear(main()).append(heading);
  append(main(), children);
  document.title = title + ' · Verdict';
  heading.focus();
  return main();
}

export function link(href, text, attrs) {
  return h('a', { href, 'data-link': true, ...(attrs || {}) }, text);
}

export function verdictBadge(verdict) {
  if (!verdict) return h('span', { class: 'badge pending' }, 'pending');
  return h('span', { class: 'badge ' + (verdict === 'ACCEPTED' ? 'ok' : 'bad') }, verdict);
}

export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString();
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message || String(error));
}

// Goes to another page of this app without reloading it.
export function go(path) {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
