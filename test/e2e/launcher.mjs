#!/usr/bin/env node
// A stand-in for the `code` executable, for @vscode/test-electron's runTests: it takes the same
// arguments (`<folder> --extensionDevelopmentPath=… --extensionTestsPath=…`), runs the tests in
// a real VS Code (code-server in headless Chromium) and exits with the suite's exit code.
// So test/e2e/run.mjs can run the same suite on desktop VS Code elsewhere
// (PINCITE_VSCODE=/path/to/code).
//
// Env: PINCITE_E2E_VSIX=path.vsix installs that package first (the development path should
//      then be a stub, so the installed package is what runs);
//      PINCITE_E2E_TIMEOUT_MS (default 300000).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, installVsix, launchBrowser, log, makeRunDir, ROOT, startCodeServer, workbenchUrl } from './lib/code-server.mjs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const pre = `--${name}=`;
  const hit = argv.find((a) => a.startsWith(pre));
  if (hit) return hit.slice(pre.length);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const devPath = opt('extensionDevelopmentPath');
const testsPath = opt('extensionTestsPath');
const folder = argv.find((a, i) => !a.startsWith('-') && !(i > 0 && /^--(extensionDevelopmentPath|extensionTestsPath|user-data-dir|extensions-dir)$/.test(argv[i - 1])));
if (!devPath || !testsPath || !folder) {
  console.error('usage: launcher.mjs <folder> --extensionDevelopmentPath=<dir> --extensionTestsPath=<file>');
  process.exit(2);
}
const timeoutMs = Number(process.env.PINCITE_E2E_TIMEOUT_MS || 300_000);
const mochaLog = path.join(ROOT, 'test-output', 'e2e-mocha.log');
fs.mkdirSync(path.dirname(mochaLog), { recursive: true });
fs.rmSync(mochaLog, { force: true });

const run = makeRunDir('suite');
const workspace = copyWorkspace(run, path.resolve(folder));
const vsix = process.env.PINCITE_E2E_VSIX;
if (vsix) installVsix(run, path.resolve(vsix));
fs.writeFileSync(path.join(workspace, '.pincite-e2e.json'), JSON.stringify({ expect: vsix ? 'vsix' : 'development' }));

const t0 = Date.now();
const cs = await startCodeServer(run);
let browser;
let code = 1;
const workbenchLog = fs.createWriteStream(path.join(run, 'workbench.log'));
try {
  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const exit = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (c) => resolve(Number(c)));
  });
  await page.exposeFunction('codeAutomationLog', (level, msg) => {
    workbenchLog.write(`[${level}] ${typeof msg === 'string' ? msg : JSON.stringify(msg)}\n`);
  });
  page.on('pageerror', (e) => workbenchLog.write(`[pageerror] ${e.message}\n`));
  const url = workbenchUrl(cs, workspace, {
    extensionDevelopmentPath: path.resolve(devPath),
    extensionTestsPath: path.resolve(testsPath),
  });
  await page.goto(url);
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => {
      log(`the suite did not finish within ${timeoutMs} ms`);
      resolve(124);
    }, timeoutMs);
  });
  code = await Promise.race([exit, timeout]);
  clearTimeout(timer);
  log(`suite exited with ${code} after ${Date.now() - t0} ms (code-server start to exit)`);
} catch (e) {
  log('launcher failed:', e);
  code = 1;
} finally {
  workbenchLog.end();
  if (fs.existsSync(mochaLog)) process.stdout.write(fs.readFileSync(mochaLog, 'utf8'));
  else log(`no mocha output at ${mochaLog}; see ${run}/workbench.log and ${run}/code-server.log`);
  await browser?.close().catch(() => undefined);
  cs.stop();
}
// A passing run's folder is not needed again; a failing one is kept for its logs.
if (code === 0) fs.rmSync(run, { recursive: true, force: true });
else log(`run folder kept for its logs: ${run}`);
process.exit(code);
