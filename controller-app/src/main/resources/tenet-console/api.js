// The REST API the console is a view of: the same /api/v1 paths netctl and operators use.
const BASE = '/api/v1/';

/** GET a path under /api/v1/; resolves to the parsed JSON, rejects with {status, error, field}. */
export async function get(path) {
  const r = await send('GET', path);
  if (r.status >= 400) {
    throw r.body;
  }
  return r.body;
}

/** Any request; resolves to {status, body} whatever the status, so callers can show the API's error. */
export async function send(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const resp = await fetch(BASE + path, init);
  let parsed = null;
  try {
    parsed = await resp.json();
  } catch (e) {
    parsed = { error: 'unreadable answer (' + resp.status + ')' };
  }
  if (resp.status >= 400 && parsed && typeof parsed === 'object') {
    parsed.status = resp.status;
  }
  return { status: resp.status, body: parsed };
}

/** The path of one object: /api/v1/<collection>/<key>/ with the key encoded. */
export function objectPath(collection, key) {
  return collection + '/' + encodeURIComponent(key) + '/';
}

/** Opens the live stream of a watchable list (server-sent events); calls onData with each parsed object. */
export function watch(path, onData, onState) {
  const source = new EventSource(BASE + path + (path.includes('?') ? '&' : '?') + 'watch=true');
  source.onmessage = (m) => onData(JSON.parse(m.data));
  source.onopen = () => onState && onState('live');
  source.onerror = () => onState && onState('reconnecting');
  return source;
}
