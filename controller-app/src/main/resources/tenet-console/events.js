// Events: what changed and what went wrong, newest first, from the controller's bounded event log.
import { get } from './api.js';
import { h, failure } from './dom.js';

const REFRESH_MS = 2000;
let timer = null;
let last = 0;
let boot = null;

function row(e) {
  return h('tr', { 'data-seq': e.seq, class: e.severity === 'error' ? 'bad' : '' }, [e.seq, e.time, e.severity,
    e.source, e.subject, e.message].map((c) => h('td', {}, c)));
}

/**
 * Appends the events after the last one shown. The read starts at that last event itself: when it does not come
 * back (a restarted controller, whose new boot numbers events from 1 again, or an event gone from the bounded
 * log), the table is read again from the start.
 */
async function more(body, severity) {
  const events = await get('events/?since=' + Math.max(0, last - 1) + '&limit=1000'
    + (severity ? '&severity=' + severity : ''));
  let fresh = events;
  if (last > 0) {
    if (!events.length || events[0].seq !== last || events[0].boot !== boot) {
      last = 0;
      boot = null;
      body.replaceChildren();
      await more(body, severity);
      return;
    }
    fresh = events.slice(1);
  }
  for (const e of fresh) {
    boot = e.boot;
    last = Math.max(last, e.seq);
    body.prepend(row(e));
  }
}

export async function render(root) {
  last = 0;
  boot = null;
  const body = h('tbody', {});
  const severity = h('select', { id: 'events-severity' }, ['', 'info', 'warning', 'error'].map((s) => h('option',
    { value: s }, s ? 'at least ' + s : 'all')));
  severity.addEventListener('change', () => {
    last = 0;
    body.replaceChildren();
    more(body, severity.value);
  });
  root.replaceChildren(h('div', { class: 'panel' }, h('p', {}, severity), h('table', { id: 'events-table' },
    h('thead', {}, h('tr', {}, ['seq', 'time', 'severity', 'source', 'subject', 'message'].map((x) => h('th', {},
      x)))), body)));
  try {
    await more(body, severity.value);
  } catch (e) {
    root.append(failure(e));
  }
  clearInterval(timer);
  timer = setInterval(() => more(body, severity.value).catch(() => {}), REFRESH_MS);
}

export function leave() {
  clearInterval(timer);
}
