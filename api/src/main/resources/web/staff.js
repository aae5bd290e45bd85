// What staff and admins see besides the student pages: every submission, and the problems.
import { api } from './api.js';
import { h, clear, page, link, when, errorBox } from './dom.js';
import { history, dropZone } from './student.js';
import { rejudgeControl } from './rejudge.js';

export function submissions(me) {
  return history(me, { staff: true });
}

export async function problems() {
  const list = await api('GET', '/api/v1/problems');
  const file = h('input', { id: 'package', name: 'package', type: 'file', accept: '.zip,application/zip',
    required: true, 'aria-describedby': 'package-help upload-result' });
  const id = h('input', { id: 'problem-id', name: 'id', 'aria-describedby': 'id-help' });
  const zone = h('div', { class: 'drop' }, h('label', { for: 'package' }, 'Problem package (zip)'), file,
    h('p', { id: 'package-help', class: 'hint' }, 'Choose or drop a Kattis/ICPC problem package as a zip.'));
  dropZone(zone, file);
  const result = h('div', { id: 'upload-result', role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'upload' }, h('h2', {}, 'Upload a problem'), zone,
    h('label', { for: 'problem-id' }, 'Problem id (optional)'), id,
    h('p', { id: 'id-help', class: 'hint' }, 'Left empty, the id comes from the package; an existing id gets a new version.'),
    h('button', { type: 'submit' }, 'Upload'));
  form.append(result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    if (file.files.length === 0) return;
    const data = new FormData();
    data.append('package', file.files[0]);
    const existing = id.value.trim() && list.some((p) => p.id === id.value.trim());
    try {
      const created = existing
        ? await api('PUT', '/api/v1/problems/' + encodeURIComponent(id.value.trim()), data)
        : await api('POST', '/api/v1/problems' + (id.value.trim() ? '?id=' + encodeURIComponent(id.value.trim()) : ''), data);
      result.append(h('p', { class: 'ok' }, 'Stored ', link('/problems/' + encodeURIComponent(created.id), created.name),
        ' version ' + created.version + ' with ' + created.tests + ' tests.'));
    } catch (e) {
      result.append(h('p', { class: 'error', role: 'alert' }, 'Refused (' + e.status + '): ' + e.message +
        (e.field ? ' [' + e.field + ']' : '')));
    }
  });
  const rows = list.map((p) => {
    const versions = h('td', {});
    const showVersions = h('button', { type: 'button', class: 'small' }, 'Versions');
    showVersions.addEventListener('click', async () => {
      try {
        const v = await api('GET', '/api/v1/problems/' + encodeURIComponent(p.id) + '/versions');
        clear(versions).append(h('ul', {}, v.versions.map((x) => h('li', {},
          x.version.slice(0, 12) + ' · ' + when(new Date(x.uploadedAt).toISOString()) + ' · ' + x.tests + ' tests' + (x.current ? ' (current)' : '')))));
      } catch (e) {
        clear(versions).append(errorBox(e));
      }
    });
    const hide = h('button', { type: 'button', class: 'small danger' }, 'Hide');
    hide.addEventListener('click', async () => {
      if (!window.confirm('Hide ' + p.name + ' from new submissions? Its history is kept.')) return;
      try {
        await api('DELETE', '/api/v1/problems/' + encodeURIComponent(p.id));
        hide.closest('tr').remove();
      } catch (e) {
        versions.append(errorBox(e));
      }
    });
    const rejudge = rejudgeControl('/api/v1/rejudges', { problem: p.id }, 'Rejudge ' + p.name);
    return h('tr', { 'data-problem': p.id }, h('th', { scope: 'row' }, link('/problems/' + encodeURIComponent(p.id), p.name)),
      h('td', {}, p.id), h('td', {}, showVersions, ' ', hide), h('td', {}, rejudge), versions);
  });
  page('Manage problems', form, h('h2', {}, 'Problems'),
    h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Id', 'Actions', 'Rejudge every submission', 'Versions'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows)));
}
