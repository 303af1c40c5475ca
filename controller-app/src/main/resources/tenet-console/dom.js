// A few helpers for building the pages without a framework.

/** Creates an element: h('td', {class: 'num'}, 'text', childNode, ...). Attributes starting with "on" are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) {
      continue;
    }
    if (k.startsWith('on')) {
      el.addEventListener(k.substring(2), v);
    } else if (k === 'value') {
      el.value = v;
    } else {
      el.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) {
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }
  return el;
}

/** A table with a header row; rows are arrays of cells (strings or nodes) or ready <tr> elements. */
export function table(id, headers, rows) {
  const body = rows.length ? rows.map((r) => (r instanceof Node ? r : h('tr', {}, r.map((c) => h('td', {}, c)))))
    : h('tr', { class: 'empty' }, h('td', { colspan: headers.length, class: 'muted' }, 'none'));
  return h('table', { id }, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))), h('tbody', {}, body));
}

/** A number with thousands separators, for counters. */
export function num(n) {
  return Number(n || 0).toLocaleString('en-US');
}

/** Bytes in human units. */
export function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = Number(n || 0);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}

/** Shows an error message in place of a page's content. */
export function failure(e) {
  return h('p', { class: 'bad', id: 'page-error' }, 'The API answered: ' + (e && e.error ? e.error : String(e)));
}
