// UI checks in a real VS Code (code-server in headless Chromium), as a person would see them:
// the squiggle under the malformed pin, the hover popup with the holding, the Problems panel
// row, the underlined document link. Screenshots go to test-output/ui-*.png.
//
// usage: node test/e2e/ui.mjs [--vsix pincite.vsix]
//   with --vsix (or PINCITE_E2E_VSIX) the packaged extension is installed and tested;
//   otherwise the extension is loaded from the repository as a development extension.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, installVsix, launchBrowser, log, makeRunDir, poll, ROOT, startCodeServer, workbenchUrl } from './lib/code-server.mjs';

const vsixArg = process.argv.indexOf('--vsix');
const vsix = vsixArg > 0 ? process.argv[vsixArg + 1] : process.env.PINCITE_E2E_VSIX;
const outDir = path.join(ROOT, 'test-output');
fs.mkdirSync(outDir, { recursive: true });

const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'data', 'authorities.json'), 'utf8'));
const holdingOf = (name) => {
  const e = table.authorities.find((a) => a.name === name);
  if (!e?.holding) throw new Error(`${name} has no holding in the table`);
  return e.holding;
};
const flat = (s) => s.replace(/\s+/g, ' ').trim();

const results = [];
let page;
async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`  ✘ ${name}: ${e instanceof Error ? e.message : e}`);
    const shot = path.join(outDir, `ui-failed-${results.length}.png`);
    await page?.screenshot({ path: shot }).catch(() => undefined);
    console.log(`    screenshot: ${path.relative(ROOT, shot)}`);
  }
}

/** Pixel centre of the first occurrence of `needle` in the editor's rendered lines. */
async function locate(page, needle) {
  return page.evaluate((needle) => {
    const norm = (s) => s.replace(/\u00a0/g, ' ');
    for (const line of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
      const text = norm(line.textContent ?? '');
      const at = text.indexOf(needle);
      if (at < 0) continue;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let seen = 0;
      let startNode, startOff, endNode, endOff;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = n.textContent.length;
        if (startNode === undefined && at < seen + len) [startNode, startOff] = [n, at - seen];
        if (startNode !== undefined && at + needle.length <= seen + len) {
          [endNode, endOff] = [n, at + needle.length - seen];
          break;
        }
        seen += len;
      }
      if (!startNode || !endNode) continue;
      const r = document.createRange();
      r.setStart(startNode, startOff);
      r.setEnd(endNode, endOff);
      const b = r.getBoundingClientRect();
      return { x: b.left + b.width / 2, y: b.top + b.height / 2, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    }
    return null;
  }, needle);
}

const run = makeRunDir('ui');
const workspace = copyWorkspace(run, path.join(ROOT, 'test', 'e2e', 'workspace'));
if (vsix) installVsix(run, path.resolve(vsix));
const cs = await startCodeServer(run);
let browser;
const timings = {};
try {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const wlog = fs.createWriteStream(path.join(run, 'workbench.log'));
  await page.exposeFunction('codeAutomationLog', (level, msg) => wlog.write(`[${level}] ${JSON.stringify(msg)}\n`));
  const payload = vsix ? {} : { extensionDevelopmentPath: ROOT };
  const tGoto = Date.now();
  await page.goto(workbenchUrl(cs, workspace, payload));
  console.log(`UI checks (${vsix ? `installed ${path.basename(vsix)}` : 'extension from source'})`);

  await check('opens brief.md from the Explorer', async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'brief.md' });
    await row.first().waitFor({ timeout: 60_000 });
    await row.first().click();
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
    await poll('the brief in the editor', async () => (await locate(page, '550 U.S. 372')) !== null, 30_000);
  });

  await check('squiggle under the malformed pin 883 F.3d 941 944', async () => {
    const sq = await poll(
      'a warning or error squiggle',
      async () => {
        const n = await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').count();
        return n > 0 ? n : undefined;
      },
      90_000,
    );
    timings.workbenchLoadToFirstSquiggleMs = Date.now() - tGoto;
    const target = await locate(page, '941 944');
    if (!target) throw new Error('the malformed pin is not rendered');
    const boxes = await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').evaluateAll((els) =>
      els.map((e) => {
        const b = e.getBoundingClientRect();
        return { top: b.top, bottom: b.bottom, left: b.left, right: b.right };
      }),
    );
    const hit = boxes.some((b) => b.bottom >= target.top && b.top <= target.bottom && b.right >= target.left && b.left <= target.right);
    if (!hit) throw new Error(`${sq} squiggle(s), none under "941 944" (${JSON.stringify(boxes)} vs ${JSON.stringify(target)})`);
  });

  await check('hover popup on Scott v. Harris shows the holding', async () => {
    const want = flat(holdingOf('Scott v. Harris')).slice(0, 60);
    let text = '';
    await poll(
      'the hover popup',
      async () => {
        const p = await locate(page, '550 U.S. 372');
        if (!p) return undefined;
        await page.mouse.move(p.x - 40, p.y + 30);
        await page.mouse.move(p.x, p.y, { steps: 8 });
        try {
          await page.locator('.monaco-hover').filter({ hasText: 'Scott' }).first().waitFor({ state: 'visible', timeout: 4000 });
        } catch {
          return undefined;
        }
        text = flat(await page.locator('.monaco-hover').filter({ hasText: 'Scott' }).first().innerText());
        return text.includes(want) ? true : undefined;
      },
      45_000,
      200,
    ).catch((e) => {
      throw new Error(`${e.message}; last hover text: ${text.slice(0, 400)}`);
    });
    timings.workbenchLoadToHoverMs = Date.now() - tGoto;
    await page.screenshot({ path: path.join(outDir, 'ui-hover.png') });
  });

  await check('document link underlined on the reporter cite', async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const target = await locate(page, '550 U.S. 372');
    const links = await poll(
      'a .detected-link',
      async () => {
        const bs = await page.locator('.view-lines .detected-link').evaluateAll((els) =>
          els.map((e) => {
            const b = e.getBoundingClientRect();
            return { text: e.textContent, top: b.top, bottom: b.bottom, left: b.left, right: b.right };
          }),
        );
        return bs.length > 0 ? bs : undefined;
      },
      30_000,
    );
    const on = links.some((b) => target && b.bottom >= target.top && b.top <= target.bottom && b.right >= target.left && b.left <= target.right);
    if (!on) throw new Error(`links at ${JSON.stringify(links)}, none on 550 U.S. 372`);
  });

  await check('status bar shows the brief\'s citation and problem counts', async () => {
    const item = page.locator('.statusbar-item', { hasText: /\d+ citations?, \d+ problems?/ });
    await item.first().waitFor({ timeout: 30_000 });
    const text = flat(await item.first().innerText());
    const m = /(\d+) citations?, (\d+) problems?/.exec(text);
    if (!m || Number(m[1]) < 4 || Number(m[2]) < 1) throw new Error(`status bar reads "${text}"`);
  });

  await check('Problems panel lists the pin problem from pincite', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+M');
    const rows = await poll(
      'Problems panel rows',
      async () => {
        const labels = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
        return labels.some((l) => /pincite/i.test(l) && /944|comma|pin/i.test(l)) ? labels : undefined;
      },
      30_000,
    ).catch(async (e) => {
      const labels = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((x) => x.getAttribute('aria-label')));
      throw new Error(`${e.message}; rows: ${JSON.stringify(labels)}`);
    });
    await page.screenshot({ path: path.join(outDir, 'ui-problems.png') });
    if (!rows.length) throw new Error('no rows');
  });
} catch (e) {
  results.push({ name: 'UI run', ok: false });
  log('UI run failed:', e);
} finally {
  await browser?.close().catch(() => undefined);
  cs.stop();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
const timingsFile = path.join(outDir, 'e2e-timings.json');
const all = fs.existsSync(timingsFile) ? JSON.parse(fs.readFileSync(timingsFile, 'utf8')) : {};
all.ui = { ...timings, mode: vsix ? 'vsix' : 'development', at: new Date().toISOString() };
fs.writeFileSync(timingsFile, JSON.stringify(all, null, 2) + '\n');
console.log(`ui: ${passed} passed, ${failed} failed`);
if (failed === 0 && passed > 0) fs.rmSync(run, { recursive: true, force: true });
else log(`run folder kept for its logs: ${run}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
