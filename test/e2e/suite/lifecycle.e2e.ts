// End-to-end: the client's own behaviour around the server — fix-all, the languages setting,
// and restarting a server that died. Runs after brief.e2e.js in the same extension host.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../../server/src/launch';

const MALFORMED = 'A dog is property. Horton v. Pobjecky, 883 F.3d 941 944 (7th Cir. 2018).\n';
const FIXED = 'A dog is property. Horton v. Pobjecky, 883 F.3d 941, 944 (7th Cir. 2018).\n';

async function poll<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, limitMs = 60_000): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pinciteDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pincite');

/** Language-server processes that are children of this extension host (Linux /proc). */
function serverPids(): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (/dist[\\/]server\.js/.test(cmd)) out.push(Number(entry));
    } catch {
      /* the process went away */
    }
  }
  return out;
}

describe('Pincite client lifecycle', () => {
  it('pincite.fixAll applies every fix in the active brief', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: MALFORMED });
    await vscode.window.showTextDocument(doc);
    await poll('a pincite diagnostic on the untitled brief', () => pinciteDiagnostics(doc.uri).length > 0);
    const changed = await vscode.commands.executeCommand<boolean>('pincite.fixAll');
    assert.equal(changed, true);
    assert.equal(doc.getText(), FIXED);
    await poll('the diagnostics to clear after fix-all', () => pinciteDiagnostics(doc.uri).length === 0);
  });

  it('restarts the language server when it dies, and keeps serving', async () => {
    assert.equal(process.platform, 'linux', 'this check finds the server process through /proc');
    const before = await poll('the language server process', () => {
      const p = serverPids();
      return p.length === 1 ? p[0] : undefined;
    });
    process.kill(before, 'SIGKILL');
    const after = await poll('a new language server process', () => serverPids().find((p) => p !== before), 30_000);
    assert.notEqual(after, before);
    // The first server may be forked before the extension's context exists; a restart gets the
    // context's options: the compile cache in global storage, and the shared server environment.
    const env = fs.readFileSync(`/proc/${after}/environ`, 'utf8').split('\0');
    assert.ok(env.some((v) => /^NODE_COMPILE_CACHE=.*compile-cache$/.test(v)), 'the restarted server has the compile cache');
    for (const [k, v] of Object.entries(SERVER_ENV)) assert.ok(env.includes(`${k}=${v}`), `the restarted server has ${k} (server/src/launch.ts)`);
    const argv = fs.readFileSync(`/proc/${after}/cmdline`, 'utf8').split('\0');
    for (const flag of SERVER_EXEC_ARGV) assert.ok(argv.includes(flag), `the restarted server runs with ${flag} (server/src/launch.ts)`);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: MALFORMED });
    await vscode.window.showTextDocument(doc);
    const ds = await poll('diagnostics from the restarted server', () => {
      const d = pinciteDiagnostics(doc.uri);
      return d.length > 0 ? d : undefined;
    });
    assert.ok(ds.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'pin-missing-comma'));
  });

  it('follows pincite.languages: a language taken off the list is no longer checked', async () => {
    const config = vscode.workspace.getConfiguration('pincite');
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: MALFORMED });
    await vscode.window.showTextDocument(doc);
    await poll('diagnostics on a plain-text brief', () => pinciteDiagnostics(doc.uri).length > 0);
    await config.update('languages', ['markdown', 'latex', 'brief'], vscode.ConfigurationTarget.Global);
    try {
      await poll('plain text to stop being checked', () => pinciteDiagnostics(doc.uri).length === 0, 30_000);
      const md = await vscode.workspace.openTextDocument({ language: 'markdown', content: MALFORMED });
      await poll('markdown still being checked', () => pinciteDiagnostics(md.uri).length > 0, 30_000);
    } finally {
      await config.update('languages', undefined, vscode.ConfigurationTarget.Global);
    }
    await poll('plain text to be checked again', () => pinciteDiagnostics(doc.uri).length > 0, 30_000);
  });
});
