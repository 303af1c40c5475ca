// Objects: every model collection listed, inspected, created, edited and deleted through the REST API, with the
// API's validation error shown beside the field it names.
import { get, send, objectPath } from './api.js';
import { h, table, failure } from './dom.js';

// The collections an operator edits, their key (fields joined by ':') and the fields the form offers. A field's
// type: text, number, bool, list (comma-separated, sent as an array) or a choice.
const T = { name: 'tenantName', type: 'text' };
export const COLLECTIONS = {
  tenants: { title: 'Tenants', key: ['tenantName'], fields: [T, { name: 'defaultNetwork', type: 'text' }] },
  networks: { title: 'Networks', key: ['tenantName', 'networkName'], fields: [T, { name: 'networkName', type: 'text' },
    { name: 'encap', type: ['vxlan', 'vlan'] }, { name: 'subnet', type: 'text' }, { name: 'gateway', type: 'text' },
    { name: 'pktTag', type: 'number' }, { name: 'nwType', type: ['data', 'infra'] }] },
  endpointGroups: { title: 'Groups', key: ['tenantName', 'groupName'], fields: [T, { name: 'groupName', type: 'text' },
    { name: 'networkName', type: 'text' }, { name: 'policies', type: 'list' }, { name: 'netProfile', type: 'text' },
    { name: 'extContractsGrps', type: 'list' }, { name: 'ipPool', type: 'text' }, { name: 'defaultDeny', type: 'bool' }] },
  policys: { title: 'Policies', key: ['tenantName', 'policyName'], fields: [T, { name: 'policyName', type: 'text' }] },
  rules: { title: 'Rules', key: ['tenantName', 'policyName', 'ruleId'], fields: [T, { name: 'policyName', type: 'text' },
    { name: 'ruleId', type: 'text' }, { name: 'direction', type: ['in', 'out'] }, { name: 'priority', type: 'number' },
    { name: 'fromEndpointGroup', type: 'text' }, { name: 'fromNetwork', type: 'text' },
    { name: 'fromIpAddress', type: 'text' }, { name: 'toEndpointGroup', type: 'text' },
    { name: 'toNetwork', type: 'text' }, { name: 'toIpAddress', type: 'text' },
    { name: 'protocol', type: ['', 'tcp', 'udp', 'icmp'] }, { name: 'port', type: 'number' },
    { name: 'action', type: ['allow', 'deny'] }] },
  appProfiles: { title: 'App profiles', key: ['tenantName', 'appProfileName'], fields: [T,
    { name: 'appProfileName', type: 'text' }, { name: 'endpointGroups', type: 'list' }] },
  serviceLBs: { title: 'Services', key: ['tenantName', 'serviceName'], fields: [T, { name: 'serviceName', type: 'text' },
    { name: 'networkName', type: 'text' }, { name: 'ipAddress', type: 'text' }, { name: 'selectors', type: 'list' },
    { name: 'ports', type: 'list' }, { name: 'sessionAffinity', type: ['none', 'clientIP'] },
    { name: 'affinityTimeout', type: 'number' }] },
  netprofiles: { title: 'Net profiles', key: ['tenantName', 'profileName'], fields: [T,
    { name: 'profileName', type: 'text' }, { name: 'bandwidth', type: 'text' }, { name: 'burst', type: 'number' },
    { name: 'DSCP', type: 'number' }] },
};

let collection = 'endpointGroups';

function input(f, value) {
  if (Array.isArray(f.type)) {
    return h('select', { name: f.name }, f.type.map((o) => h('option', { value: o, selected: o === (value ?? f.type[0])
      ? true : undefined }, o || '(any)')));
  }
  if (f.type === 'bool') {
    return h('input', { type: 'checkbox', name: f.name, checked: value ? true : undefined });
  }
  const shown = f.type === 'list' ? (value || []).join(', ') : (value ?? '');
  return h('input', { type: f.type === 'number' ? 'number' : 'text', name: f.name, value: String(shown) });
}

/** The form's values as the API's JSON, over the object being edited so fields the form lacks are kept. */
function body(form, spec, base) {
  const out = { ...(base || {}) };
  delete out.key;
  for (const f of spec.fields) {
    const el = form.elements[f.name];
    if (f.type === 'bool') {
      out[f.name] = el.checked;
    } else if (f.type === 'list') {
      out[f.name] = el.value.split(',').map((x) => x.trim()).filter((x) => x);
    } else if (f.type === 'number') {
      if (el.value === '') {
        delete out[f.name];
      } else {
        out[f.name] = Number(el.value);
      }
    } else {
      out[f.name] = el.value.trim();
    }
  }
  return out;
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((x) => x.replaceChildren());
  form.querySelectorAll('.invalid').forEach((x) => x.classList.remove('invalid'));
  form.querySelector('#form-error').replaceChildren();
}

/** The API's {"error", "field"} beside the field it names, or above the form when the form has no such field. */
function showError(form, err) {
  const slot = err.field ? form.querySelector(`.field-error[data-field="${CSS.escape(err.field)}"]`) : null;
  if (slot) {
    slot.textContent = err.error;
    form.elements[err.field].classList.add('invalid');
  } else {
    form.querySelector('#form-error').textContent = (err.field ? err.field + ': ' : '') + err.error;
  }
}

function editor(spec, existing, onSaved) {
  const form = h('form', { class: 'object panel', id: 'object-form', 'data-collection': collection,
    'data-mode': existing ? 'edit' : 'create' },
  h('h3', {}, (existing ? 'Edit ' + existing.key : 'Create in ' + spec.title)),
  h('p', { id: 'form-error', class: 'bad' }),
  spec.fields.map((f) => h('label', {}, h('span', {}, f.name), input(f, existing ? existing[f.name] : undefined),
    h('span', { class: 'field-error', 'data-field': f.name }))),
  h('button', { type: 'submit', class: 'primary', id: 'object-save' }, existing ? 'Save' : 'Create'),
  h('span', { id: 'object-saved', class: 'ok' }));
  if (existing) {
    spec.key.forEach((k) => { form.elements[k].readOnly = true; });
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const b = body(form, spec, existing);
    const key = spec.key.map((k) => b[k]).join(':');
    const r = await send('POST', objectPath(collection, key), b);
    if (r.status >= 400) {
      showError(form, r.body);
      return;
    }
    form.querySelector('#object-saved').textContent = 'saved ' + key;
    onSaved();
  });
  return form;
}

/** The collection's table; the side panel (form or inspect) stays while the table is reloaded. */
async function list(root, side) {
  const spec = COLLECTIONS[collection];
  let items;
  try {
    items = await get(collection + '/');
  } catch (e) {
    root.querySelector('#objects-list').replaceChildren(failure(e));
    return;
  }
  const reload = () => list(root, side);
  const shownFields = spec.fields.slice(1, 5).map((f) => f.name);
  const rows = items.map((o) => h('tr', { 'data-key': o.key }, h('td', {}, o.key),
    shownFields.map((f) => h('td', {}, Array.isArray(o[f]) ? o[f].join(', ') : String(o[f] ?? ''))),
    h('td', {}, h('button', { class: 'inspect', onclick: () => inspect(o.key, side) }, 'inspect'),
      h('button', { class: 'edit', onclick: () => side.replaceChildren(editor(spec, o, reload)) }, 'edit'),
      h('button', { class: 'delete', onclick: async () => {
        const r = await send('DELETE', objectPath(collection, o.key));
        if (r.status >= 400) {
          side.replaceChildren(h('p', { class: 'bad', id: 'delete-error' }, r.body.error));
        } else {
          side.replaceChildren();
          reload();
        }
      } }, 'delete'))));
  root.querySelector('#objects-list').replaceChildren(h('h2', {}, spec.title + ' (' + items.length + ')'),
    h('button', { id: 'object-new', onclick: () => side.replaceChildren(editor(spec, null, reload)) }, 'New'),
    table('objects-table', ['key', ...shownFields, ''], rows));
}

async function inspect(key, side) {
  try {
    const o = await get('inspect/' + objectPath(collection, key));
    side.replaceChildren(h('div', { class: 'panel', id: 'object-inspect' }, h('h3', {}, 'Inspect ' + key),
      h('pre', {}, JSON.stringify(o, null, 2))));
  } catch (e) {
    side.replaceChildren(failure(e));
  }
}

export async function render(root) {
  const tabs = h('div', { class: 'tabs', id: 'objects-collections' }, Object.entries(COLLECTIONS).map(([name, spec]) =>
    h('button', { 'data-collection': name, class: name === collection ? 'active' : '', onclick: async () => {
      collection = name;
      tabs.querySelectorAll('button').forEach((b) => b.classList.toggle('active', b.dataset.collection === name));
      side.replaceChildren();
      await list(root, side);
    } }, spec.title)));
  const side = h('div', { id: 'object-side' });
  root.replaceChildren(tabs, h('div', { class: 'columns', id: 'objects-area' }, h('div', { class: 'panel',
    id: 'objects-list' }), side));
  await list(root, side);
}
