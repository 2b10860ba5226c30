// Runs the end-to-end suite in a real VS Code through @vscode/test-electron's runTests.
// Here `vscodeExecutablePath` is test/e2e/launcher.mjs (code-server + headless Chromium); set
// PINCITE_VSCODE=/path/to/code to run the same suite on a desktop VS Code instead.
// Two runs: the extension from source (development path), then the packaged .vsix installed
// the way users install it (skipped with PINCITE_E2E_SKIP_VSIX=1, and on desktop VS Code);
// then the Playwright UI checks (test/e2e/ui.mjs) on that package (PINCITE_E2E_SKIP_UI=1 skips).
// Expects `npm run build` and `node test/e2e/build.mjs` to have run (npm run test:e2e does both).
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const desktop = process.env.PINCITE_VSCODE;
const executable = desktop || path.join(here, 'launcher.mjs');
const workspace = path.join(here, 'workspace');
const extensionTestsPath = path.join(here, 'out', 'index.js');
const timings = path.join(root, 'test-output', 'e2e-timings.json');
fs.rmSync(timings, { force: true });
fs.rmSync(path.join(root, 'pincite.vsix'), { force: true });

async function once(name, opts) {
  const t0 = Date.now();
  console.log(`\n=== e2e (${name}) ===`);
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionTestsPath,
      launchArgs: [workspace],
      reuseMachineInstall: !desktop,
      ...opts,
    });
    console.log(`=== e2e (${name}) passed in ${Date.now() - t0} ms ===`);
    return true;
  } catch (e) {
    console.log(`=== e2e (${name}) FAILED in ${Date.now() - t0} ms: ${e instanceof Error ? e.message : e} ===`);
    return false;
  }
}

let ok = await once('extension from source', { extensionDevelopmentPath: root });

if (!desktop && process.env.PINCITE_E2E_SKIP_VSIX !== '1') {
  const vsix = path.join(root, 'pincite.vsix');
  const t0 = Date.now();
  const pkg = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '-o', vsix], { cwd: root, stdio: 'inherit' });
  if (pkg.status !== 0) {
    console.log('=== packaging the .vsix FAILED ===');
    ok = false;
  } else {
    console.log(`packaged ${path.basename(vsix)} (${fs.statSync(vsix).size} bytes) in ${Date.now() - t0} ms`);
    ok =
      (await once('installed .vsix', {
        extensionDevelopmentPath: path.join(here, 'host-stub'),
        extensionTestsEnv: { PINCITE_E2E_VSIX: vsix },
      })) && ok;
  }
}
// The UI checks (Playwright) on the packaged extension when there is one.
if (!desktop && process.env.PINCITE_E2E_SKIP_UI !== '1') {
  const vsix = path.join(root, 'pincite.vsix');
  const args = [path.join(here, 'ui.mjs'), ...(fs.existsSync(vsix) && process.env.PINCITE_E2E_SKIP_VSIX !== '1' ? ['--vsix', vsix] : [])];
  const t0 = Date.now();
  console.log('\n=== e2e UI checks ===');
  const ui = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  console.log(`=== e2e UI checks ${ui.status === 0 ? 'passed' : 'FAILED'} in ${Date.now() - t0} ms ===`);
  ok = ui.status === 0 && ok;
}
if (fs.existsSync(timings)) console.log(`timings: ${fs.readFileSync(timings, 'utf8')}`);
process.exit(ok ? 0 : 1);
