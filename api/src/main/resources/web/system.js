// The system at work: queue depth, grader slots, throughput and latency percentiles over the last
// 15 minutes, drawn with uPlot from GET /api/v1/system and refreshed every few seconds.
import uPlot from './lib/uPlot.esm.js';
import { api } from './api.js';
import { h, page, clear } from './dom.js';

const REFRESH_MS = 5000;

function loadCss() {
  if (document.querySelector('link[data-uplot]')) return;
  const base = new URL('./lib/uPlot.min.css', import.meta.url).pathname;
  document.head.append(h('link', { rel: 'stylesheet', href: base, 'data-uplot': true }));
}

function chart(target, title, series, data) {
  const width = Math.max(280, Math.min(target.clientWidth || 600, 1200));
  return new uPlot({
    title, width, height: 200,
    series: [{}, ...series.map(([label, stroke]) => ({ label, stroke, width: 2 }))],
    axes: [{}, { size: 60 }],
  }, data, target);
}

export async function system() {
  loadCss();
  const numbers = h('dl', { class: 'meta', id: 'system-now', 'aria-live': 'off' });
  const charts = h('div', { class: 'charts' });
  const note = h('p', { class: 'hint' });
  page('System', numbers, charts, note);
  let plots = null;
  const refresh = async () => {
    const s = await api('GET', '/api/v1/system');
    clear(numbers).append(
      h('dt', {}, 'Queue depth'), h('dd', { id: 'queue-depth' }, String(s.queueDepth)),
      h('dt', {}, 'Tasks waiting'), h('dd', { id: 'tasks-waiting' }, s.tasksWaiting + ' interactive, ' + s.bulkTasksWaiting + ' bulk'),
      h('dt', {}, 'Grader slots'), h('dd', { id: 'slots' }, s.busySlots + ' busy, ' + s.freeSlots + ' free'),
      h('dt', {}, 'Finished, last 15 min'), h('dd', {}, String(s.finished)),
      h('dt', {}, 'Latency p50 / p95'), h('dd', {}, s.p50Ms + ' ms / ' + s.p95Ms + ' ms'));
    (s.workers || []).forEach((w) => numbers.append(h('dt', {}, 'Worker ' + w.name), h('dd', {}, w.busy + ' busy, ' + w.free + ' free')));
    const m = s.minutes;
    const t = m.map((x) => x.at / 1000);
    const data = [
      [t, m.map((x) => x.queueDepth)],
      [t, m.map((x) => x.perMinute)],
      [t, m.map((x) => x.p50Ms), m.map((x) => x.p95Ms)],
    ];
    if (!plots) {
      const boxes = [0, 1, 2].map(() => h('div', { class: 'chart' }));
      charts.append(...boxes);
      plots = [
        chart(boxes[0], 'Queue depth', [['queued', '#1f5fad']], data[0]),
        chart(boxes[1], 'Throughput (finished per minute)', [['per minute', '#2d7a3a']], data[1]),
        chart(boxes[2], 'Submit-to-result latency (ms)', [['p50', '#1f5fad'], ['p95', '#a3282b']], data[2]),
      ];
    } else {
      plots.forEach((p, i) => p.setData(data[i]));
    }
    note.textContent = 'Updated ' + new Date().toLocaleTimeString() + '; from the submissions finished in the last 15 minutes and the work queue.';
  };
  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), REFRESH_MS);
  window.addEventListener('popstate', () => clearInterval(timer), { once: true });
}
