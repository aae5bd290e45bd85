// Loads the libraries that come as classic scripts from their WebJars (CodeMirror 5, KaTeX) and
// their style sheets, each once, from the page's own assets: never from another host.
const loaded = new Map();

function base() {
  return new URL('./lib/', import.meta.url).pathname;
}

// Answers a promise of the script at lib/<path> having run; scripts asked for in one call run in
// that order, since a mode or an extension needs its library first.
export function scripts(...paths) {
  return paths.reduce((before, path) => before.then(() => script(path)), Promise.resolve());
}

function script(path) {
  if (!loaded.has(path)) {
    loaded.set(path, new Promise((resolve, reject) => {
      const el = document.createElement('script');
      el.src = base() + path;
      el.onload = resolve;
      el.onerror = () => reject(new Error('could not load ' + path));
      document.head.append(el);
    }));
  }
  return loaded.get(path);
}

export function styleSheet(path) {
  if (loaded.has(path)) return;
  loaded.set(path, true);
  const el = document.createElement('link');
  el.rel = 'stylesheet';
  el.href = base() + path;
  document.head.append(el);
}
