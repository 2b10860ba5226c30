// The server's start-up order: `initialize` is answered before the engine half of the server
// (dist/server-features.js: the engine, its data, the handlers that need it) is loaded, and the
// requests that follow are served as before. A preload script (node --require) records, in order,
// when the bundle writes the initialize answer to stdout and when it requires the engine file.
import * as assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createProtocolConnection,
  CodeActionKind,
  ConfigurationRequest,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { FIX_ALL_KIND } from '../../server/src/lsp/codeActions';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/launch';
import { at, ensureBuilt, fixture, pos, SERVER, withTimeout } from './lsp-client';

const PRELOAD = `
const fs = require('node:fs');
const Module = require('node:module');
const out = process.env.PINCITE_STARTUP_EVENTS;
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/server-features/.test(String(request))) fs.appendFileSync(out, 'require server-features\\n');
  return load.call(this, request, ...rest);
};
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).includes('"capabilities"')) fs.appendFileSync(out, 'initialize answered\\n');
  return write(chunk, ...rest);
};
if (process.send) {
  const send = process.send.bind(process);
  process.send = (m, ...rest) => {
    if (JSON.stringify(m).includes('"capabilities"')) fs.appendFileSync(out, 'initialize answered\\n');
    return send(m, ...rest);
  };
}
`;


/** A server started with the preload that records its start-up events, and a client connection to it. */
interface Started {
  dir: string;
  events: string;
  proc: ChildProcess;
  conn: ProtocolConnection;
}

function launch(transport: 'stdio' | 'ipc', args: string[] = []): Started {
  ensureBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pincite-startup-'));
  const events = path.join(dir, 'events.txt');
  fs.writeFileSync(path.join(dir, 'preload.cjs'), PRELOAD);
  const execArgv = [...SERVER_EXEC_ARGV, '--require', path.join(dir, 'preload.cjs')];
  const env = { ...process.env, ...SERVER_ENV, PINCITE_STARTUP_EVENTS: events };
  const proc =
    transport === 'ipc'
      ? fork(SERVER, ['--node-ipc', ...args], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv, env })
      : spawn(process.execPath, [...execArgv, SERVER, '--stdio', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
  const conn =
    transport === 'ipc'
      ? createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
      : createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({})));
  return { dir, events, proc, conn };
}

/** Opens the fixture brief and checks a hover on its Garner short form names the case. */
async function openAndHover(conn: ProtocolConnection, uri: string): Promise<void> {
  const text = fixture('brief.md');
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const hover = await withTimeout(
    conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos(text, at(text, 'Garner, 471', 3)) }),
    10000,
    'hover',
  );
  assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /Tennessee v\. Garner/);
}

function stop(s: Started | undefined): void {
  if (!s) return;
  s.conn.dispose();
  s.proc.kill();
  fs.rmSync(s.dir, { recursive: true, force: true });
}

for (const transport of ['stdio', 'ipc'] as const) describe(`language server start-up (${transport})`, function () {
  let events: string;
  let conn: ProtocolConnection;
  const published: PublishDiagnosticsParams[] = [];

  let started: Started | undefined;
  before(() => {
    started = launch(transport);
    ({ events, conn } = started);
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => void published.push(p));
    conn.listen();
  });

  after(() => stop(started));

  it('answers initialize before it loads the engine, then loads it unprompted', async () => {
    const result = await withTimeout(
      conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { diagnostics: 'push' } }),
      10000,
      'initialize',
    );
    assert.ok(result.capabilities.hoverProvider);
    const kinds = (result.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes(FIX_ALL_KIND), 'advertises the fix-all kind its code actions use');
    assert.ok(FIX_ALL_KIND.startsWith(`${CodeActionKind.SourceFixAll}.`), 'a kind under source.fixAll');
    // Nothing is sent yet: the server loads the engine on its own once initialize is answered.
    const until = Date.now() + 10000;
    while (!(fs.existsSync(events) && fs.readFileSync(events, 'utf8').includes('require server-features')) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(fs.readFileSync(events, 'utf8').trim().split('\n'), ['initialize answered', 'require server-features']);
  });

  it('serves the first document and requests from the engine it loaded after the handshake', async () => {
    const uri = 'file:///brief/startup.md';
    await conn.sendNotification(InitializedNotification.type, {});
    await openAndHover(conn, uri);
    const until = Date.now() + 10000;
    while (!published.some((p) => p.uri === uri && p.diagnostics.length > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const codes = published.find((p) => p.uri === uri && p.diagnostics.length > 0)?.diagnostics.map((d) => d.code);
    assert.ok(codes?.includes('pin-page-prefix'), `diagnostics: ${codes?.join(', ')}`);
    // The engine is loaded once.
    assert.equal(fs.readFileSync(events, 'utf8').match(/require server-features/g)?.length, 1);
  });
});

describe('language server started ahead of its client (--engine-at-start)', function () {
  let events: string;
  let conn: ProtocolConnection;

  let started: Started | undefined;
  before(() => {
    started = launch('ipc', ['--engine-at-start']);
    ({ events, conn } = started);
    conn.listen();
  });

  after(() => stop(started));

  it('loads the engine before any client message, then answers initialize and serves requests', async () => {
    const until = Date.now() + 10000;
    while (!(fs.existsSync(events) && fs.readFileSync(events, 'utf8').includes('require server-features')) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(fs.readFileSync(events, 'utf8').trim().split('\n'), ['require server-features'], 'the engine is loaded with no message sent');
    const result = await withTimeout(
      conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { diagnostics: 'push' } }),
      10000,
      'initialize',
    );
    assert.ok(result.capabilities.hoverProvider);
    await conn.sendNotification(InitializedNotification.type, {});
    await openAndHover(conn, 'file:///brief/early.md');
    assert.equal(fs.readFileSync(events, 'utf8').match(/require server-features/g)?.length, 1, 'the engine is loaded once');
  });
});
