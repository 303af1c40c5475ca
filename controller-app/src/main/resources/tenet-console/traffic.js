// Traffic: per group and per service packets and bytes in, out and denied, and per rule hit counters, summed
// over every switch from flow statistics and streamed live by the controller (server-sent events).
import { watch } from './api.js';
import { h, table, num, bytes } from './dom.js';

let source = null;
let previous = null;

function rate(now, before, field, key, keyField, seconds) {
  if (!before || seconds <= 0) {
    return '';
  }
  const old = before.find((x) => x[keyField] === key);
  return old ? ((now[field] - old[field]) / seconds).toFixed(1) + '/s' : '';
}

function draw(root, t) {
  const seconds = previous ? (t.time - previous.time) / 1000 : 0;
  const cell = (v, cls) => h('td', { class: 'num ' + (cls || '') }, v);
  const groups = t.groups.map((g) => h('tr', { 'data-group': g.group }, h('td', {}, g.group),
    cell(num(g.outPackets), 'out-packets'), cell(bytes(g.outBytes), 'out-bytes'),
    cell(rate(g, previous && previous.groups, 'outPackets', g.group, 'group', seconds), 'out-rate'),
    cell(num(g.inPackets), 'in-packets'), cell(bytes(g.inBytes), 'in-bytes'),
    cell(rate(g, previous && previous.groups, 'inPackets', g.group, 'group', seconds), 'in-rate'),
    cell(num(g.deniedPackets), 'denied-packets' + (g.deniedPackets > 0 ? ' bad' : ''))));
  const services = t.services.map((x) => h('tr', { 'data-service': x.service }, h('td', {}, x.service),
    cell(num(x.connections), 'connections'), cell(bytes(x.bytes), 'bytes')));
  const rules = [...t.rules].sort((a, b) => b.packets - a.packets).map((r) => h('tr', { 'data-rule': r.rule,
    'data-group': r.group }, h('td', {}, r.rule), h('td', {}, r.group),
  h('td', { class: r.action === 'deny' ? 'bad' : 'ok' }, r.action), cell(num(r.packets), 'packets'),
  cell(bytes(r.bytes), 'bytes')));
  root.querySelector('#traffic-body').replaceChildren(
    h('h2', {}, 'Groups'),
    table('traffic-groups', ['group', 'out packets', 'out bytes', 'out rate', 'in packets', 'in bytes', 'in rate',
      'denied packets'], groups),
    h('h2', {}, 'Rules (first packets of connections, by hits)'),
    table('traffic-rules', ['rule', 'on group', 'action', 'packets', 'bytes'], rules),
    h('h2', {}, 'Services'),
    table('traffic-services', ['service', 'new connections', 'bytes'], services));
  root.querySelector('#traffic-time').textContent = 'as of ' + new Date(t.time).toLocaleTimeString();
  root.dataset.updates = String(Number(root.dataset.updates || 0) + 1);
  previous = t;
}

export function render(root) {
  previous = null;
  const status = h('span', { id: 'traffic-status', class: 'muted' }, 'connecting');
  const box = h('div', { class: 'panel', id: 'traffic' }, h('p', {}, status, ' · ',
    h('span', { id: 'traffic-time', class: 'muted' })), h('div', { id: 'traffic-body' }, 'waiting for counters'));
  root.replaceChildren(box);
  return new Promise((resolve) => {
    source = watch('traffic/', (t) => {
      draw(box, t);
      resolve();
    }, (state) => {
      status.textContent = state;
      status.className = state === 'live' ? 'ok' : 'bad';
    });
  });
}

export function leave() {
  if (source) {
    source.close();
    source = null;
  }
}
