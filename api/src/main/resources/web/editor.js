// The source editor: CodeMirror 5 with syntax highlighting for the chosen language, over the form's
// text area, which stays the field the form reads and the one shown if the library cannot load.
import { scripts, styleSheet } from './libs.js';

// The CodeMirror mode file and MIME type for each language name the graders use; a language not
// listed is edited as plain text.
const MODES = {
  c: ['clike', 'text/x-csrc'],
  cpp: ['clike', 'text/x-c++src'],
  java: ['clike', 'text/x-java'],
  kotlin: ['clike', 'text/x-kotlin'],
  scala: ['clike', 'text/x-scala'],
  csharp: ['clike', 'text/x-csharp'],
  python3: ['python', 'text/x-python'],
  pypy3: ['python', 'text/x-python'],
  python: ['python', 'text/x-python'],
  go: ['go', 'text/x-go'],
  rust: ['rust', 'text/x-rustsrc'],
  javascript: ['javascript', 'text/javascript'],
  ruby: ['ruby', 'text/x-ruby'],
  haskell: ['haskell', 'text/x-haskell'],
  swift: ['swift', 'text/x-swift'],
};

async function mode(language) {
  const known = MODES[language];
  if (!known) return 'text/plain';
  await scripts('codemirror/' + known[0] + '.js');
  return known[1];
}

// Turns `textarea` into an editor for `language`; answers an object with `value()`, `language(name)`
// and `focus()`. If CodeMirror cannot load, the text area stays as it is and works the same.
export async function sourceEditor(textarea, language) {
  const plain = {
    value: () => textarea.value,
    language: () => {},
    focus: () => textarea.focus(),
  };
  try {
    styleSheet('codemirror/codemirror.css');
    await scripts('codemirror/codemirror.js');
    const cm = window.CodeMirror.fromTextArea(textarea, {
      mode: await mode(language),
      lineNumbers: true,
      indentUnit: 4,
      viewportMargin: Infinity,
      screenReaderLabel: 'Source code',
      // why: Tab and Shift-Tab leave the editor as they leave any field, so the keyboard is never
      // trapped in it (WCAG 2.1.2); indenting is by spaces or by Ctrl-] and Ctrl-[.
      extraKeys: { Tab: false, 'Shift-Tab': false },
    });
    const input = cm.getInputField();
    input.setAttribute('aria-describedby', textarea.getAttribute('aria-describedby') || '');
    input.id = 'source-editor';
    return {
      value: () => cm.getValue(),
      language: async (name) => cm.setOption('mode', await mode(name)),
      focus: () => cm.focus(),
    };
  } catch {
    return plain;
  }
}
