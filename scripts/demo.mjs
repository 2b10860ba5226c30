// `npm run demo`: Pincite at work on the bundled sample brief (samples/brief.md), without an
// editor. It runs the same engine and language server the VS Code extension runs:
//   1. every citation found, and what each short form and id. resolved to;
//   2. the checks, as the Problems panel would list them, with their fixes;
//   3. three hovers, asked of the real language server over stdio;
//   4. fix-all applied to a copy of the brief, shown as a diff.
// The sample's errors are deliberate, so the check step's exit code 1 is expected here.
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const brief = path.join(root, 'samples/brief.md');
const cli = path.join(root, 'dist/cli.js');
const rel = path.relative(process.cwd(), brief) || brief;

function heading(s) {
  process.stdout.write(`\n\x1b[1m== ${s}\x1b[0m\n\n`);
}
function run(args) {
  return cp.spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

heading(`Citations in ${rel}`);
const cites = run(['citations', rel, '--format', 'text']);
process.stdout.write(cites.stdout.replace(/^\d+-\d+\t/gm, ''));
if (cites.status !== 0) throw new Error(`citations failed: ${cites.stderr}`);

heading(`Checks (node dist/cli.js check ${rel})`);
const checked = run(['check', rel]);
process.stdout.write(checked.stdout);
if (checked.status !== 1) throw new Error(`expected the sample's errors to be reported (exit 1), got ${checked.status}: ${checked.stderr}`);

heading('Hovers, from the language server (node dist/server.js --stdio)');
const text = fs.readFileSync(brief, 'utf8');
const proc = cp.spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
conn.onRequest('client/registerCapability', () => null);
conn.onNotification('window/logMessage', () => undefined);
conn.onNotification('textDocument/publishDiagnostics', () => undefined);
conn.onNotification('pincite/status', () => undefined);
conn.listen();
try {
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] } } } });
  await conn.sendNotification('initialized', {});
  const uri = pathToFileURL(brief).href;
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  for (const needle of ['Scott v.', '*Id.* at 944', 'Tennessee v. Gardner']) {
    const offset = text.indexOf(needle);
    const before = text.slice(0, offset + 1);
    const line = before.split('\n').length - 1;
    const character = offset + 1 - (before.lastIndexOf('\n') + 1);
    const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    process.stdout.write(`\x1b[2m-- hover on "${needle}" (line ${line + 1}) --\x1b[0m\n`);
    process.stdout.write(`${hover?.contents?.value ?? '(no hover)'}\n\n`);
  }
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
} finally {
  setTimeout(() => proc.kill(), 200).unref();
}

heading('Fix all (node dist/cli.js check --fix, on a copy)');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pincite-demo-'));
const copy = path.join(dir, 'brief.md');
fs.copyFileSync(brief, copy);
run(['check', copy, '--fix']);
const diff = cp.spawnSync('diff', ['-u', '--label', 'samples/brief.md', '--label', 'after fix-all', brief, copy], { encoding: 'utf8' });
process.stdout.write(diff.stdout || '(no changes)\n');
const after = run(['check', copy]);
heading('What is left after fix-all (fixes that need your judgement)');
process.stdout.write(after.stdout || '(nothing)\n');
fs.rmSync(dir, { recursive: true, force: true });
