// Staff's rejudge control: asks for a rejudge (one submission or a whole problem), then shows its
// progress from GET /api/v1/rejudges/{id} until the dispatcher has graded every selected submission.
import { api } from './api.js';
import { h, clear, errorBox } from './dom.js';

const POLL_MS = 500;

// `path` and `body` name the request (POST), `body` being an object or a function answering one
// at the click (a selection made on the page); `label` is the button's accessible name; `done` runs
// once the rejudge is DONE, with its last state.
export function rejudgeControl(path, body, label, done) {
  const version = h('select', { 'aria-label': 'Version for ' + label, class: 'small' },
    h('option', { value: 'same' }, 'same version'), h('option', { value: 'newest' }, 'newest version'));
  const button = h('button', { type: 'button', class: 'small rejudge', 'aria-label': label }, 'Rejudge');
  const bar = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Progress of ' + label });
  const status = h('span', { class: 'rejudge-status', role: 'status', 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    clear(status);
    try {
      const chosen = typeof body === 'function' ? body() : body;
      let r = await api('POST', path, { ...chosen, version: version.value });
      bar.hidden = false;
      while (r.status !== 'DONE') {
        show(bar, status, r);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        r = await api('GET', '/api/v1/rejudges/' + encodeURIComponent(r.id));
      }
      show(bar, status, r);
      if (done) done(r);
    } catch (e) {
      status.append(errorBox(e));
    } finally {
      button.disabled = false;
    }
  });
  return h('span', { class: 'rejudge-control' }, version, ' ', button, ' ', bar, ' ', status);
}

function show(bar, status, r) {
  const total = Math.max(1, r.requeued + r.skipped, r.selected);
  bar.max = total;
  bar.value = r.finished + r.skipped;
  status.textContent = r.status + ': ' + r.finished + ' of ' + r.requeued + ' graded again, ' +
    r.changed + ' changed, ' + r.skipped + ' skipped';
}
