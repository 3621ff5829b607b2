/**
 * Photographs each section of a report page with headless Chromium (the tests' driver):
 * `node dist/scripts/screenshot-report.js REPORT.html DIR` writes DIR/<section>.png. The README's
 * docs/report-<kind>.png are the `errors` section of the bundled scenarios' reports.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Chromium } from '../test/browser/chromium.js';

const [html, dir] = process.argv.slice(2);
if (!html || !dir) {
  process.stderr.write('usage: node dist/scripts/screenshot-report.js REPORT.html DIR\n');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const browser = await new Chromium().start();
try {
  const page = await browser.open(pathToFileURL(resolve(html)).href, 1280, 900);
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))');
  const boxes = await page.evaluate<Array<{ id: string; x: number; y: number; width: number; height: number }>>(
    `[...document.querySelectorAll('section')].map((s) => { const r = s.getBoundingClientRect(); return { id: s.id, x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: Math.min(r.height, 4000) }; })`,
  );
  for (const { id, ...clip } of boxes) writeFileSync(join(dir, `${id}.png`), await page.screenshot(clip));
  if (page.log.errors.length > 0) process.stderr.write(`console errors: ${page.log.errors.join('; ')}\n`);
  process.stdout.write(`${boxes.map((box) => join(dir, `${box.id}.png`)).join('\n')}\n`);
} finally {
  await browser.stop();
}
