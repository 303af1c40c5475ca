// Trace: why can A not reach B? The verdict on the first packet of a connection and its path through the
// pipeline, computed by the controller from the flows it compiled (GET /api/v1/trace).
import { get } from './api.js';
import { h, table, failure } from './dom.js';

function field(label, el) {
  return h('label', {}, h('span', {}, label), el);
}

function result(r) {
  const out = r.output ? `${r.output.node} port ${r.output.port} (${r.output.portName}), reaches ${r.output.reaches}`
    : 'none';
  return h('div', { id: 'trace-result', class: 'panel', 'data-verdict': r.verdict },
    h('p', {}, 'verdict: ', h('span', { class: 'verdict verdict-' + r.verdict }, r.verdict)),
    h('p', {}, 'deciding rule: ', h('span', { class: 'rule' }, r.rule || 'none (no rule decided)')),
    h('p', {}, 'why: ', h('span', { class: 'reason' }, r.reason)),
    h('p', {}, 'output: ', h('span', { class: 'output' }, out)),
    h('h3', {}, 'Tables passed'), h('p', { class: 'tables' }, (r.tables || []).join(' → ')),
    table('trace-hops', ['node', 'table', 'priority', 'owner', 'flow', 'note'], (r.hops || []).map((x) => [x.node,
      x.table + ' (' + x.tableId + ')', x.priority, x.owner, h('pre', {}, x.flow), x.note || ''])));
}

export async function render(root) {
  let endpoints = [];
  try {
    endpoints = await get('endpoints/');
  } catch (e) {
    root.replaceChildren(failure(e));
    return;
  }
  const options = h('datalist', { id: 'trace-endpoints' }, endpoints.map((e) => h('option', { value: e.endpointID },
    (Array.isArray(e.ipAddress) ? e.ipAddress[0] : e.ipAddress) + ' on ' + e.homingHost)));
  const from = h('input', { type: 'text', id: 'trace-from', list: 'trace-endpoints', placeholder: 'endpoint id' });
  const to = h('input', { type: 'text', id: 'trace-to', list: 'trace-endpoints', placeholder: 'endpoint id or IPv4' });
  const protocol = h('select', { id: 'trace-protocol' }, ['tcp', 'udp', 'icmp'].map((p) => h('option', { value: p },
    p)));
  const port = h('input', { type: 'number', id: 'trace-port', value: '80' });
  const slot = h('div', { id: 'trace-slot' });
  const form = h('form', { class: 'trace panel', id: 'trace-form' }, options, field('from', from), field('to', to),
    field('protocol', protocol), field('port', port), h('button', { type: 'submit', class: 'primary',
      id: 'trace-run' }, 'Trace'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams({ from: from.value.trim(), to: to.value.trim(), protocol: protocol.value });
    if (protocol.value !== 'icmp' && port.value) {
      q.set('port', port.value);
    }
    slot.replaceChildren(h('p', { class: 'muted' }, 'tracing'));
    try {
      slot.replaceChildren(result(await get('trace?' + q.toString())));
    } catch (e) {
      slot.replaceChildren(h('p', { class: 'bad', id: 'trace-error' }, (e.field ? e.field + ': ' : '') + e.error));
    }
  });
  root.replaceChildren(form, slot);
}
