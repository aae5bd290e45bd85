// What every signed-in user sees: problems, a problem with its submit form, a submission filling in
// live, and one's own submissions.
import { api, query, ApiError } from './api.js';
import { h, clear, page, link, verdictBadge, when, errorBox, go } from './dom.js';
import { rejudgeControl } from './rejudge.js';
import { diffBlock } from './diff.js';
import { sourceEditor } from './editor.js';
import { scripts, styleSheet } from './libs.js';

export const VERDICTS = ['ACCEPTED', 'WRONG_ANSWER', 'TIME_LIMIT_EXCEEDED', 'MEMORY_LIMIT_EXCEEDED',
  'RUNTIME_ERROR', 'OUTPUT_LIMIT_EXCEEDED', 'COMPILATION_ERROR', 'INTERNAL_ERROR'];

export async function problems() {
  const list = await api('GET', '/api/v1/problems');
  const rows = list.map((p) => h('tr', {},
    h('td', {}, link('/problems/' + encodeURIComponent(p.id), p.name)),
    h('td', {}, p.id), h('td', { class: 'num' }, p.timeLimitMs + ' ms'),
    h('td', { class: 'num' }, p.memoryMb + ' MB')));
  page('Problems', list.length === 0 ? h('p', {}, 'No problems yet.') :
    h('table', {}, h('caption', { class: 'sr-only' }, 'Problems'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Id'),
        h('th', { scope: 'col' }, 'Time limit'), h('th', { scope: 'col' }, 'Memory'))),
      h('tbody', {}, rows)));
}

function copyButton(text, label) {
  const button = h('button', { type: 'button', class: 'small' }, 'Copy ' + label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy by hand';
    }
  });
  return button;
}

export async function problem(id) {
  const [p, offered] = await Promise.all([
    api('GET', '/api/v1/problems/' + encodeURIComponent(id)),
    api('GET', '/api/v1/languages'),
  ]);
  // why: a package may name the languages it takes; the API refuses the others.
  const languages = p.languages ? offered.filter((l) => p.languages.includes(l.name)) : offered;
  const statement = h('section', { class: 'statement', 'aria-label': 'Statement' });
  if (p.statement && p.statement.safeHtml) {
    // why: the server renders the Markdown with any HTML in it escaped and unsafe links removed.
    statement.innerHTML = p.statement.safeHtml;
    typesetMath(statement);
  } else {
    statement.append(h('p', {}, 'This problem has no statement the page can show; it is in the ' +
      'problem package. The samples below show the input and output format.'));
  }
  const limits = h('dl', { class: 'limits' },
    h('dt', {}, 'Time limit'), h('dd', {}, p.timeLimitMs + ' ms per test'),
    h('dt', {}, 'Memory'), h('dd', {}, p.memoryMb + ' MB'),
    h('dt', {}, 'Tests'), h('dd', {}, String(p.tests)),
    h('dt', {}, 'Languages'), h('dd', {}, languages.map((l) => l.displayName).join(', ')));
  const samples = h('section', { 'aria-labelledby': 'samples-h' }, h('h2', { id: 'samples-h' }, 'Samples'),
    (p.samples || []).map((s) => h('div', { class: 'sample' }, h('h3', {}, s.name),
      h('div', { class: 'io' },
        h('div', {}, h('div', { class: 'io-head' }, h('span', {}, 'Input'), copyButton(s.input, 'input')),
          h('pre', {}, s.input)),
        h('div', {}, h('div', { class: 'io-head' }, h('span', {}, 'Expected output'),
          copyButton(s.answer, 'output')), h('pre', {}, s.answer))))),
    // why: an interactive or multi-pass sample is a dialogue: '>' lines are the program's output,
    // '<' lines its input, '---' a new pass.
    (p.interactions || []).map((s) => h('div', { class: 'sample' }, h('h3', {}, s.name + ' (interaction)'),
      h('pre', { class: 'interaction' }, s.text))));
  const form = submitForm(p, languages);
  page(p.name, limits, statement, samples, form);
  await form.attachEditor();
}

// Typesets the TeX between $...$ (inline) and $$...$$ (display) in a statement with KaTeX, loaded
// only when there is some. Code spans and blocks are left as they are; a formula KaTeX cannot read
// stays as written, in red, and nothing it holds is run (KaTeX's `trust` is off).
async function typesetMath(statement) {
  if (!statement.textContent.includes('$')) return;
  try {
    styleSheet('katex/katex.min.css');
    await scripts('katex/katex.min.js', 'katex/auto-render.min.js');
    window.renderMathInElement(statement, {
      delimiters: [{ left: '$$', right: '$$', display: true }, { left: '$', right: '$', display: false }],
      throwOnError: false,
      trust: false,
    });
  } catch {
    // why: without KaTeX the statement still reads, with its TeX as written.
  }
}

function fileName(language) {
  const ext = (language.sourceExtensions && language.sourceExtensions[0]) || '.txt';
  return (language.name === 'java' ? 'Main' : 'main') + (ext.startsWith('.') ? ext : '.' + ext);
}

function submitForm(p, languages) {
  const language = h('select', { id: 'language', name: 'language', 'aria-describedby': 'language-error' },
    languages.map((l) => h('option', { value: l.name }, l.displayName)));
  const source = h('textarea', { id: 'source', name: 'source', rows: 14, spellcheck: 'false',
    autocapitalize: 'off', 'aria-describedby': 'source-help files-error' });
  const files = h('input', { id: 'files', name: 'files', type: 'file', multiple: true,
    'aria-describedby': 'files-help files-error' });
  const drop = h('div', { class: 'drop' }, h('label', { for: 'files' }, 'Or upload files'), files,
    h('p', { id: 'files-help', class: 'hint' },
      'Choose or drop one or several source files; they are sent instead of the text above.'));
  dropZone(drop, files);
  const sourceLabel = h('label', { for: 'source' }, 'Source code');
  const errors = {
    language: h('p', { id: 'language-error', class: 'error field-error', role: 'alert' }),
    files: h('p', { id: 'files-error', class: 'error field-error', role: 'alert' }),
  };
  const general = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', id: 'submit' }, 'Submit');
  const form = h('form', { class: 'card', id: 'submit-form', 'aria-labelledby': 'submit-h' },
    h('h2', { id: 'submit-h' }, 'Submit a solution'),
    h('label', { for: 'language' }, 'Language'), language, errors.language,
    sourceLabel,
    h('p', { id: 'source-help', class: 'hint' },
      'Type or paste your program. Tab moves to the next field; Ctrl-] and Ctrl-[ indent.'),
    source, drop, errors.files, button, general);
  let editor = null;
  form.attachEditor = async () => {
    const chosen = language.value;
    editor = await sourceEditor(source, chosen);
    // why: a language chosen while the editor was loading applies now.
    if (language.value !== chosen) await editor.language(language.value);
    if (document.getElementById('source-editor')) sourceLabel.setAttribute('for', 'source-editor');
  };
  language.addEventListener('change', () => editor && editor.language(language.value));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const e of Object.values(errors)) e.textContent = '';
    general.textContent = '';
    const chosen = languages.find((l) => l.name === language.value);
    let sent;
    if (files.files.length > 0) {
      sent = await Promise.all([...files.files].map(async (f) => ({ name: f.name, content: await f.text() })));
    } else {
      sent = [{ name: fileName(chosen), content: editor ? editor.value() : source.value }];
    }
    button.disabled = true;
    try {
      const created = await api('POST', '/api/v1/submissions', { problem: p.id, language: language.value, files: sent });
      go('/submissions/' + encodeURIComponent(created.id));
    } catch (e) {
      const field = (e.field || '').startsWith('files') ? 'files' : e.field;
      if (errors[field]) errors[field].textContent = e.message;
      else general.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

export function dropZone(zone, input) {
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    input.files = event.dataTransfer.files;
    input.dispatchEvent(new Event('change'));
  });
}

// At most this many rows are drawn in one animation frame; the rest wait for the next frames. A
// staff row can carry a diff of a few hundred lines, so drawing a hundred of them in one task
// would hold the page for a noticeable time.
export const ROWS_PER_FRAME = 20;

// One submission, filling in live over Server-Sent Events. Rows are keyed by the test's index, so
// an event seen twice after a reconnect updates its row instead of adding one, and updates are
// drawn in animation frames, ROWS_PER_FRAME at a time, so a hundred tests arriving together do not
// freeze the page.
export async function submission(id, me) {
  const first = await api('GET', '/api/v1/submissions/' + encodeURIComponent(id));
  const status = h('p', { id: 'status', role: 'status', 'aria-live': 'polite' });
  const body = h('tbody', { id: 'tests' });
  const table = h('table', { class: 'tests' }, h('caption', {}, 'Tests'),
    h('thead', {}, h('tr', {}, ['#', 'Test', 'Verdict', 'Time', 'Memory'].map((c) => h('th', { scope: 'col' }, c)))),
    body);
  const summary = h('section', { id: 'summary', 'aria-label': 'Result' });
  const compiler = h('section', { id: 'compiler' });
  const header = h('dl', { class: 'meta' },
    h('dt', {}, 'Problem'), h('dd', {}, first.problem ? link('/problems/' + encodeURIComponent(first.problem), first.problem) : 'ad-hoc run'),
    h('dt', {}, 'Language'), h('dd', {}, first.language || ''),
    h('dt', {}, 'By'), h('dd', {}, first.user || ''),
    h('dt', {}, 'Submitted'), h('dd', {}, when(first.createdAt)),
    h('dt', {}, 'Permalink'), h('dd', {}, h('a', { href: '/submissions/' + encodeURIComponent(id) }, location.origin + '/submissions/' + id)));
  const staff = me && (me.role === 'staff' || me.role === 'admin');
  const expected = staff && first.problem ? await expectedAnswers(first.problem, first.problemVersion) : null;
  const staffTools = staff && first.status === 'DONE'
    ? h('p', { id: 'rejudge' }, rejudgeControl('/api/v1/submissions/' + encodeURIComponent(id) + '/rejudge', {},
      'Rejudge this submission', () => go(location.pathname)))
    : null;
  page('Submission', header, staffTools, status, summary, table, compiler);

  const rows = new Map();
  let pending = [];
  let scheduled = false;
  const flush = () => {
    // why: a test seen twice before it is drawn (from the page's first read and from the stream)
    // is drawn once, with its latest state.
    const latest = new Map();
    for (const test of pending) latest.set(test.index, test);
    const batch = [...latest.values()];
    const now = batch.slice(0, ROWS_PER_FRAME);
    pending = batch.slice(ROWS_PER_FRAME);
    for (const test of now) upsertRow(body, rows, test, expected);
    if (pending.length > 0) requestAnimationFrame(flush);
    else scheduled = false;
  };
  const queueTest = (test) => {
    pending.push(test);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  };
  const showStatus = (s) => {
    status.textContent = s === 'DONE' ? 'Finished.' : s === 'RUNNING' ? 'Running…' : 'Waiting in the queue…';
  };
  const finish = (result) => {
    (result.tests || []).forEach((t, index) => queueTest({ index, ...t }));
    showStatus('DONE');
    clear(summary).append(h('p', { class: 'final' }, 'Verdict: ', verdictBadge(result.verdict),
      result.score !== undefined && result.score !== null
        ? h('span', { class: 'score' }, ' Score: ' + result.score + (result.maxScore !== undefined ? ' / ' + result.maxScore : ''))
        : null));
    clear(compiler);
    if (result.compileOutput) {
      compiler.append(h('h2', {}, 'Compiler output'), h('pre', { class: 'output' }, result.compileOutput));
    }
    if (result.error) compiler.append(h('p', { class: 'error' }, result.error));
  };
  (first.tests || []).forEach((t, index) => queueTest({ index, ...t }));
  if (first.status === 'DONE') return finish(first);
  showStatus(first.status);
  const source = new EventSource('/api/v1/submissions/' + encodeURIComponent(id) + '/events');
  source.addEventListener('status', (e) => showStatus(JSON.parse(e.data).status));
  source.addEventListener('test', (e) => queueTest(JSON.parse(e.data)));
  source.addEventListener('result', (e) => {
    source.close();
    finish(JSON.parse(e.data));
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CONNECTING) status.textContent = 'Connection lost; reconnecting…';
  });
  // why: leaving the page must not leave a stream open behind it.
  window.addEventListener('popstate', () => source.close(), { once: true });
}

// Staff only: each test's expected answer by name, from the problem as staff see it (secret tests
// included), to diff against a wrong answer's output. Null when the problem is gone.
async function expectedAnswers(problemId, version) {
  try {
    const p = await api('GET', '/api/v1/problems/' + encodeURIComponent(problemId));
    const answers = new Map();
    for (const t of [...(p.samples || []), ...(p.secretTests || [])]) answers.set(t.name, t);
    return { answers, note: p.version === version ? '' : '(the answer is from the problem\'s current version)' };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

function upsertRow(body, rows, test, expected) {
  const cells = [
    String(test.index + 1), test.name, verdictBadge(test.verdict),
    test.cpuTimeMs !== undefined ? Math.round(test.cpuTimeMs) + ' ms' : '',
    test.memoryKb !== undefined ? test.memoryKb + ' KB' : '',
  ];
  const row = h('tr', { 'data-index': test.index }, cells.map((c, i) => h(i === 1 ? 'th' : 'td', i === 1 ? { scope: 'row' } : {}, c)));
  const details = [];
  if (test.checkerMessage) details.push(h('p', {}, 'Checker: ', h('span', { class: 'checker' }, test.checkerMessage)));
  if (test.stdout) details.push(h('div', {}, 'Output (start):', h('pre', { class: 'output' }, test.stdout)));
  if (test.stderr) details.push(h('div', {}, 'Standard error (start):', h('pre', { class: 'output' }, test.stderr)));
  const answer = expected && test.verdict === 'WRONG_ANSWER' && expected.answers.get(test.name);
  if (answer) {
    const cut = answer.truncated ? '(the answer is cut)' : '';
    details.push(diffBlock(answer.answer, test.stdout || '', [expected.note, cut].filter(Boolean).join(' ')));
  }
  const old = rows.get(test.index);
  const fresh = [row];
  if (details.length > 0) fresh.push(h('tr', { class: 'details' }, h('td', { colspan: 5 }, details)));
  if (old) {
    old[0].before(...fresh);
    old.forEach((r) => r.remove());
  } else {
    let next = null;
    for (const [index, r] of rows) if (index > test.index && (!next || index < next[0])) next = [index, r[0]];
    if (next) next[1].before(...fresh);
    else body.append(...fresh);
  }
  rows.set(test.index, fresh);
}

// A list of submissions with filters, paged by the API's cursors; the filters and the cursor live
// in the URL, so a page of results has an address.
export async function history(me, options = {}) {
  const staffView = !!options.staff;
  const params = new URLSearchParams(location.search);
  const filters = {
    user: staffView ? params.get('user') || '' : me.name,
    problem: params.get('problem') || '',
    verdict: params.get('verdict') || '',
    from: staffView ? params.get('from') || '' : '',
    to: staffView ? params.get('to') || '' : '',
  };
  const cursor = params.get('cursor') || '';
  const problemsList = await api('GET', '/api/v1/problems');
  const result = await api('GET', '/api/v1/submissions' + query({ ...filters, cursor, limit: 20 }));
  const field = (name, label, control) => h('div', { class: 'field' }, h('label', { for: 'f-' + name }, label), control);
  const problemSelect = h('select', { id: 'f-problem', name: 'problem' }, h('option', { value: '' }, 'All'),
    problemsList.map((p) => h('option', { value: p.id, selected: p.id === filters.problem }, p.name)));
  const verdictSelect = h('select', { id: 'f-verdict', name: 'verdict' }, h('option', { value: '' }, 'All'),
    VERDICTS.map((v) => h('option', { value: v, selected: v === filters.verdict }, v)));
  const controls = [field('problem', 'Problem', problemSelect), field('verdict', 'Verdict', verdictSelect)];
  if (staffView) {
    controls.unshift(field('user', 'User', h('input', { id: 'f-user', name: 'user', value: filters.user })));
    controls.push(field('from', 'From (ISO time)', h('input', { id: 'f-from', name: 'from', value: filters.from, placeholder: '2026-12-01T00:00:00Z' })),
      field('to', 'To (ISO time)', h('input', { id: 'f-to', name: 'to', value: filters.to })));
  }
  const base = location.pathname;
  const form = h('form', { class: 'filters', role: 'search' }, controls, h('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const chosen = {};
    for (const [k, v] of data) chosen[k] = String(v).trim();
    go(base + query(chosen));
  });
  const rows = result.submissions.map((s) => h('tr', { 'data-id': s.id },
    staffView ? h('td', {}, h('input', { type: 'checkbox', class: 'pick', value: s.id,
      'aria-label': 'Select the submission of ' + s.user + ' at ' + when(s.createdAt) })) : null,
    h('td', {}, link('/submissions/' + encodeURIComponent(s.id), when(s.createdAt))),
    staffView ? h('td', {}, s.user) : null,
    h('td', {}, s.problem || 'ad-hoc'), h('td', {}, s.language),
    h('td', { class: 'verdict' }, s.status === 'DONE' ? verdictBadge(s.verdict) : s.status),
    h('td', { class: 'num' }, s.score !== undefined && s.score !== null ? String(s.score) : '')));
  const heads = ['Submitted', staffView ? 'User' : null, 'Problem', 'Language', 'Verdict', 'Score'].filter(Boolean)
    .map((c) => h('th', { scope: 'col' }, c));
  let selection = null;
  if (staffView) {
    const all = h('input', { type: 'checkbox', id: 'pick-all', 'aria-label': 'Select every submission on this page' });
    all.addEventListener('change', () => {
      for (const box of document.querySelectorAll('#submissions input.pick')) box.checked = all.checked;
    });
    heads.unshift(h('th', { scope: 'col' }, all));
    const picked = () => ({ submissions: [...document.querySelectorAll('#submissions input.pick:checked')].map((b) => b.value) });
    selection = h('p', { id: 'rejudge-selected' }, 'Selected submissions: ',
      rejudgeControl('/api/v1/rejudges', picked, 'Rejudge the selected submissions', () => refreshVerdicts(picked().submissions)));
  }
  const pager = h('p', { class: 'pager' });
  const keep = { ...filters };
  if (!staffView) delete keep.user;
  if (cursor) pager.append(link(base + query(keep), 'First page'), ' ');
  if (result.next) pager.append(link(base + query({ ...keep, cursor: result.next }), 'Next page'));
  page(staffView ? 'All submissions' : 'My submissions', form,
    rows.length === 0 ? h('p', {}, 'No submissions match.') :
      [selection, h('table', { id: 'submissions' }, h('thead', {}, h('tr', {}, heads)), h('tbody', {}, rows))],
    pager);
}

// Redraws the verdict of each listed submission's row, once a rejudge of them is done.
async function refreshVerdicts(ids) {
  await Promise.all(ids.map(async (id) => {
    const s = await api('GET', '/api/v1/submissions/' + encodeURIComponent(id));
    const cell = document.querySelector('#submissions tr[data-id="' + CSS.escape(id) + '"] td.verdict');
    if (cell) clear(cell).append(s.status === 'DONE' ? verdictBadge(s.verdict) : s.status);
  }));
}

export { ApiError, errorBox };
