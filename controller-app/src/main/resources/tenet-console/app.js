// The console's shell: one page at a time, chosen by the URL's fragment (#topology, #objects, ...).
import * as topology from './topology.js';
import * as objects from './objects.js';
import * as traffic from './traffic.js';
import * as trace from './trace.js';
import * as events from './events.js';

const PAGES = { topology, objects, traffic, trace, events };
let current = null;

async function show() {
  const name = (location.hash || '#topology').substring(1).split('?')[0];
  const page = PAGES[name] || topology;
  if (current && current.leave) {
    current.leave();
  }
  current = page;
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.dataset.page === name);
  }
  const main = document.getElementById('page');
  main.dataset.ready = '';
  main.replaceChildren();
  await page.render(main);
  // Tests and the load benchmark wait for this: the page has its data on screen. The mark times it from the
  // navigation's start (ConsoleBenchmark's time to interactive).
  if (current === page) {
    main.dataset.ready = name;
    performance.mark('tenet-ready:' + name);
  }
}

window.addEventListener('hashchange', show);
show();
