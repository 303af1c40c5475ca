// Topology: hosts and their switches, the tunnel mesh between them, and every endpoint grouped by tenant,
// network and group; an endpoint's details and the policy that applies to it on click.
import { get } from './api.js';
import { h, table, failure } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const REFRESH_MS = 5000;
let timer = null;
let shown = '';
let selected = null;

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    el.setAttribute(k, v);
  }
  for (const c of children) {
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function load() {
  const [nodes, switches, endpoints, networks] = await Promise.all([get('nodes/'), get('switches/'),
    get('endpoints/'), get('networks/')]);
  return { nodes, switches, endpoints, networks };
}

/** The first IPv4 address of an endpoint, whichever form the list gives. */
export function ipOf(e) {
  return Array.isArray(e.ipAddress) ? e.ipAddress[0] : (e.ipAddress || '');
}

/** Hosts on a circle (a row when there are two or fewer), joined pairwise by their tunnels. */
function drawHosts(data) {
  const bySwitch = new Map(data.switches.map((x) => [x.nodeName, x]));
  const count = new Map();
  data.endpoints.forEach((e) => count.set(e.homingHost, (count.get(e.homingHost) || 0) + 1));
  const n = data.nodes.length;
  const w = 280;
  const hh = 84;
  const radius = n <= 2 ? 0 : Math.max(160, n * 40);
  const width = n <= 2 ? Math.max(1, n) * (w + 120) : 2 * radius + w + 40;
  const height = n <= 2 ? hh + 40 : 2 * radius + hh + 40;
  const pos = data.nodes.map((node, i) => (n <= 2
    ? { x: 20 + i * (w + 120), y: 20 }
    : { x: width / 2 - w / 2 + radius * Math.cos(2 * Math.PI * i / n - Math.PI / 2),
      y: height / 2 - hh / 2 + radius * Math.sin(2 * Math.PI * i / n - Math.PI / 2) }));
  const svg = s('svg', { id: 'topology-svg', width, height, viewBox: `0 0 ${width} ${height}` });
  const vxlan = data.networks.some((x) => (x.encap || 'vxlan') === 'vxlan');
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      svg.append(s('line', { class: 'tunnel', 'data-from': data.nodes[i].nodeName, 'data-to': data.nodes[j].nodeName,
        x1: pos[i].x + w / 2, y1: pos[i].y + hh / 2, x2: pos[j].x + w / 2, y2: pos[j].y + hh / 2,
        stroke: vxlan ? '#60a5fa' : '#9ca3af', 'stroke-width': 2, 'stroke-dasharray': vxlan ? '' : '4 3' },
      s('title', {}, (vxlan ? 'VXLAN tunnel ' : 'VLAN trunk ') + data.nodes[i].tunnelIp + ' - '
        + data.nodes[j].tunnelIp)));
    }
  }
  data.nodes.forEach((node, i) => {
    const sw = bySwitch.get(node.nodeName);
    const g = s('g', { class: 'host', 'data-node': node.nodeName, 'data-connected': sw ? 'true' : 'false',
      transform: `translate(${pos[i].x},${pos[i].y})` });
    g.append(s('rect', { width: w, height: hh, rx: 6, fill: '#fff', stroke: sw ? '#15803d' : '#b91c1c',
      'stroke-width': 2 }));
    g.append(s('text', { x: 10, y: 18, 'font-weight': 700 }, node.nodeName));
    g.append(s('text', { x: 10, y: 34 }, 'tunnel ' + node.tunnelIp + ' · ' + (count.get(node.nodeName) || 0)
      + ' endpoints'));
    g.append(s('text', { x: 10, y: 50, fill: sw ? '#15803d' : '#b91c1c', class: 'switch-state' },
      sw ? `switch connected · ${sw.flows} flows · ${sw.groups} groups` : 'switch not connected'));
    g.append(s('text', { x: 10, y: 66, fill: '#b91c1c', class: 'last-error' },
      sw && sw.lastError ? 'last error: ' + sw.lastError.substring(0, 40) : ''));
    g.append(s('title', {}, 'datapath ' + node.datapathId + (sw && sw.lastError ? '\nlast error: ' + sw.lastError
      : '')));
    svg.append(g);
  });
  return svg;
}

/** Endpoints as a tree: tenant, then network, then group, then one button per endpoint. */
function drawEndpoints(endpoints, detail) {
  const tree = new Map();
  for (const e of endpoints) {
    const t = e.tenantName;
    const net = e.networkName;
    const g = e.endpointGroup || '(no group)';
    if (!tree.has(t)) tree.set(t, new Map());
    if (!tree.get(t).has(net)) tree.get(t).set(net, new Map());
    if (!tree.get(t).get(net).has(g)) tree.get(t).get(net).set(g, []);
    tree.get(t).get(net).get(g).push(e);
  }
  const sorted = (m) => [...m.entries()].sort((x, y) => x[0].localeCompare(y[0]));
  const button = (e) => h('button', { class: 'endpoint' + (selected === e.endpointID ? ' selected' : ''),
    'data-endpoint': e.endpointID, 'data-node': e.homingHost, title: e.endpointID,
    onclick: (ev) => select(e, ev.target, detail) }, ipOf(e) + ' @ ' + e.homingHost);
  const group = (t, g, eps) => h('li', { 'data-group': t + ':' + g }, 'group ' + g + ' (' + eps.length + ')',
    h('div', {}, eps.map(button)));
  const network = (t, net, groups) => h('li', { 'data-network': t + ':' + net }, 'network ' + net,
    h('ul', {}, sorted(groups).map(([g, eps]) => group(t, g, eps))));
  const tenant = (t, nets) => h('li', { 'data-tenant': t }, h('strong', {}, 'tenant ' + t),
    h('ul', {}, sorted(nets).map(([net, groups]) => network(t, net, groups))));
  return h('div', { class: 'tree', id: 'endpoint-tree' }, h('ul', {}, sorted(tree).map(([t, nets]) => tenant(t,
    nets))));
}

/** The details of one endpoint and the rules of its group's policies, with the rules naming its group. */
async function select(e, button, detail) {
  selected = e.endpointID;
  document.querySelectorAll('button.endpoint.selected').forEach((b) => b.classList.remove('selected'));
  button.classList.add('selected');
  const labels = Object.entries(e.labels || {}).map(([k, v]) => k + '=' + v).join(', ') || 'none';
  const rows = [['endpoint', e.endpointID], ['container', e.containerID || ''], ['IP address', ipOf(e)],
    ['MAC address', e.macAddress], ['host', e.homingHost + (e.vtepIP ? ' (VTEP ' + e.vtepIP + ')' : '')],
    ['tenant / network', e.tenantName + ' / ' + e.networkName], ['group', e.endpointGroup || 'none'],
    ['labels', labels]];
  const box = h('div', { id: 'endpoint-detail', class: 'panel', 'data-endpoint': e.endpointID },
    h('h3', {}, 'Endpoint ' + e.endpointID), table('endpoint-fields', ['', ''], rows));
  detail.replaceChildren(box);
  if (!e.endpointGroup) {
    box.append(h('p', { class: 'policy' }, 'In no group: no policy applies; the network forwards it.'));
    return;
  }
  try {
    const key = e.tenantName + ':' + e.endpointGroup;
    const [group, rules] = await Promise.all([get('inspect/endpointGroups/' + encodeURIComponent(key) + '/'),
      get('rules/')]);
    const naming = rules.filter((r) => r.tenantName === e.tenantName && (r.fromEndpointGroup === e.endpointGroup
      || r.toEndpointGroup === e.endpointGroup));
    const ruleRow = (r) => h('tr', { 'data-rule': r.key }, [r.key, r.direction, r.priority,
      r.fromEndpointGroup || r.toEndpointGroup || r.fromIpAddress || r.toIpAddress || 'any',
      (r.protocol || 'any') + (r.port ? '/' + r.port : ''), r.action].map((c) => h('td', {}, c)));
    const cfg = group.Config || {};
    box.append(h('h3', {}, 'Policy'), h('p', { class: 'policy' }, 'policies: ' + ((cfg.policies || []).join(', ')
      || 'none') + (cfg.defaultDeny ? ' · default deny: traffic into the group no rule allows is dropped'
      : ' · no default deny')),
    table('endpoint-rules', ['rule', 'direction', 'priority', 'peer', 'protocol/port', 'action'],
      ((group.Oper || {}).rules || []).map(ruleRow)));
    if (naming.length) {
      box.append(h('h3', {}, 'Rules of other policies naming group ' + e.endpointGroup),
        table('endpoint-peer-rules', ['rule', 'direction', 'priority', 'peer', 'protocol/port', 'action'],
          naming.map(ruleRow)));
    }
  } catch (err) {
    box.append(failure(err));
  }
}

async function draw(root, first) {
  let data;
  try {
    data = await load();
  } catch (e) {
    root.replaceChildren(failure(e));
    return;
  }
  const key = JSON.stringify(data);
  if (!first && key === shown) {
    return;
  }
  shown = key;
  const detail = root.querySelector('#detail-slot') || h('div', { id: 'detail-slot' });
  const hostsBox = h('div', { class: 'panel', id: 'hosts' }, h('h2', {}, data.nodes.length + ' hosts, '
    + data.switches.length + ' switches connected'), drawHosts(data));
  const left = h('div', { class: 'panel' }, h('h2', {}, data.endpoints.length + ' endpoints'),
    drawEndpoints(data.endpoints, detail));
  root.replaceChildren(hostsBox, h('div', { class: 'columns' }, left, detail));
}

export async function render(root) {
  shown = '';
  await draw(root, true);
  clearInterval(timer);
  timer = setInterval(() => draw(root, false), REFRESH_MS);
}

export function leave() {
  clearInterval(timer);
}
