// Builds the site of the fixture monorepo with the real `docwright site`, opens it from disk
// (file://) in headless Chromium and checks what a reader does: the timeline lists the records,
// a filter hides the superseded one, search finds a record by a word of its body, a graph node
// links to its record, the superseded banner links to the successor. Runs axe-core on every kind
// of page in light and dark, failing on any serious or critical violation, and saves screenshots.
//
//   node tests/site/site-test.mjs --docwright target/release/docwright [--screenshots docs/screenshots]

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const { values: options } = parseArgs({
  options: {
    docwright: { type: 'string', default: path.join(repo, 'target/release/docwright') },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    screenshots: { type: 'string' },
  },
});

const log = (...args) => console.log('[site-test]', ...args);
const failures = [];
function check(condition, message) {
  if (condition) log('ok:', message);
  else { failures.push(message); log('FAIL:', message); }
}

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'docwright-site-'));
const source = path.join(temp, 'monorepo');
fs.cpSync(path.join(repo, 'server/tests/fixtures/site/monorepo'), source, { recursive: true });
const out = path.join(temp, 'site');
execFileSync(options.docwright, ['site', '.', '--out', out, '--today=2026-12-01'], { cwd: source, stdio: 'inherit' });
const url = (p) => pathToFileURL(path.join(out, p)).href;

const browser = await chromium.launch({ executablePath: options.chromium, args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  // The timeline lists every record; the status filter hides the superseded one.
  await page.goto(url('index.html'));
  const visible = () => page.locator('.timeline li:visible').count();
  check((await visible()) === 5, `the timeline lists the 5 records (${await visible()})`);
  check(await page.locator('#filters').isVisible(), 'the filters are shown when scripts run');
  await page.selectOption('select[name=status]', 'current');
  check((await visible()) === 4, `"Not superseded" leaves 4 records (${await visible()})`);
  check(!(await page.locator('.timeline li', { hasText: 'Use PostgreSQL for invoices' }).isVisible()),
    'the superseded record is hidden');
  await page.selectOption('select[name=status]', '');
  await page.selectOption('select[name=log]', 'platform/rfcs');
  check((await visible()) === 2, `the platform/rfcs log has 2 records (${await visible()})`);
  await page.selectOption('select[name=log]', '');

  // Search finds a record by a word of its body.
  await page.goto(url('search.html'));
  await page.fill('#q', 'continent');
  const results = page.locator('#results li');
  check((await results.count()) === 1 && (await results.first().innerText()).includes('BILL-0003'),
    'search for a word of a body finds its record');
  await results.first().locator('a').click();
  check(page.url().endsWith('doc/services/billing/adr/0003-use-cockroachdb.html'), 'a search result opens its record');
  await page.goto(url('search.html') + '?q=schema%20registry');
  check((await page.locator('#results li').first().innerText()).includes('RFC-0002'), 'a query in the address is run');

  // The graph's node for a record links to its page.
  await page.goto(url('graphs.html'));
  const node = page.locator('svg a.node').filter({ has: page.locator('text', { hasText: /^BILL-0003$/ }) });
  check((await node.count()) === 1, 'the billing graph has a node for BILL-0003');
  await node.click();
  check(page.url().endsWith('doc/services/billing/adr/0003-use-cockroachdb.html'), 'the graph node opens its record');

  // The superseded banner links to the successor.
  await page.goto(url('doc/services/billing/adr/0001-use-postgresql.html'));
  await page.locator('.banner a').click();
  check(page.url().endsWith('doc/services/billing/adr/0003-use-cockroachdb.html'), 'the banner opens the successor');
  // A link to a heading of another log's record lands on it.
  await page.goto(url('doc/services/billing/adr/0002-publish-events-to-kafka.html'));
  await page.locator('a', { hasText: 'event naming RFC' }).click();
  check(page.url().endsWith('0001-event-naming.html#naming-rules'), 'a link to another record\'s heading keeps its anchor');
  check(await page.locator('#naming-rules').isVisible(), 'the heading of that anchor exists');

  check(errors.length === 0, `no script error (${errors.join('; ')})`);

  // Accessibility: axe-core on every kind of page, light and dark. (axe itself asks for the
  // stylesheet, which Chromium refuses from file://; those console errors are its own.)
  const axePath = path.join(here, 'node_modules/axe-core/axe.min.js');
  const pages = ['index.html', 'search.html', 'graphs.html', 'health.html',
    'doc/services/billing/adr/0001-use-postgresql.html', 'doc/platform/rfcs/0001-event-naming.html'];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const p of pages) {
      await page.goto(url(p) + (p === 'search.html' ? '?q=invoice' : ''));
      await page.addScriptTag({ path: axePath });
      const found = await page.evaluate(async () => (await window.axe.run()).violations
        .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })));
      const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      check(serious.length === 0, `axe (${scheme}) ${p}: no serious violation${serious.length ? ' — ' + JSON.stringify(serious) : ''}`);
      if (found.length > serious.length) log(`  axe (${scheme}) ${p}, minor:`, JSON.stringify(found.filter((v) => !serious.includes(v))));
    }
  }

  if (options.screenshots) {
    fs.mkdirSync(options.screenshots, { recursive: true });
    const shot = async (p, name, scheme = 'light', setup = async () => {}) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url(p));
      await setup();
      await page.screenshot({ path: path.join(options.screenshots, name) });
      log('screenshot', name);
    };
    await shot('index.html', 'site-timeline.png');
    await shot('doc/services/billing/adr/0001-use-postgresql.html', 'site-record.png');
    await shot('graphs.html', 'site-graph.png');
    await shot('search.html', 'site-search.png', 'dark', async () => { await page.fill('#q', 'invoice'); });
  }
} finally {
  await browser.close();
  fs.rmSync(temp, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`[site-test] FAIL: ${failures.length} check(s) failed`);
  process.exit(1);
}
log('PASS');
