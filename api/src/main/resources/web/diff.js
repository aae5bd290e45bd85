// A line diff of a test's expected answer against the program's output, for staff looking at a
// wrong answer. Both are short (the answer as the problem shows it, the output an excerpt), so a
// plain longest-common-subsequence table is enough; past MAX_LINES lines the rest is cut.
import { h } from './dom.js';

const MAX_LINES = 400;

export function lineDiff(expected, actual) {
  const a = split(expected);
  const b = split(actual);
  const n = a.length;
  const m = b.length;
  const common = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push([' ', a[i++]]);
      j++;
    } else if (j >= m || (i < n && common[i + 1][j] >= common[i][j + 1])) out.push(['-', a[i++]]);
    else out.push(['+', b[j++]]);
  }
  return out;
}

function split(text) {
  const lines = (text || '').replace(/\n$/, '').split('\n');
  return lines.slice(0, MAX_LINES);
}

// The diff as a <pre>: each line a text node, so nothing in either side is read as markup.
export function diffBlock(expected, actual, note) {
  const lines = lineDiff(expected, actual).map(([op, line]) =>
    h('span', { class: op === '-' ? 'del' : op === '+' ? 'ins' : 'same' }, op + ' ' + line + '\n'));
  return h('div', { class: 'diff' }, 'Expected (-) against output (+)' + (note ? ' ' + note : '') + ':',
    h('pre', { class: 'output' }, lines));
}
