// A minimal LSP client for the server tests: starts dist/server.js --stdio as a child process and
// speaks the protocol with vscode-languageserver-protocol's client side. Answers
// workspace/configuration from a settings map, records published diagnostics, notifications and
// window messages, and waits for events with a time limit (never a sleep).
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/launch';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  ConfigurationRequest,
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '../..');
export const SERVER = path.join(ROOT, 'dist/server.js');
export const FIXTURES = path.join(ROOT, 'test/fixtures/lsp');

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

let built = false;
/**
 * Builds dist/server.js when it is missing or older than the server sources (the `test` script
 * builds first anyway; this keeps a bare `mocha` run from testing a stale bundle).
 */
export function ensureBuilt(): void {
  if (built) return;
  built = true;
  const stale = !fs.existsSync(SERVER) || fs.statSync(SERVER).mtimeMs < Math.max(newestMtime(path.join(ROOT, 'server/src')), newestMtime(path.join(ROOT, 'server/data')));
  if (stale) execFileSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Resolves when `check` returns a value (re-evaluated on every event), rejects after `ms`. */
type Waiter = { check: () => boolean; resolve: () => void };

export interface StartOptions {
  settings?: Record<string, unknown>;
  rootDir?: string;
  /** Advertise pull diagnostics (textDocument/diagnostic). */
  pull?: boolean;
  initializationOptions?: unknown;
  /** Node IPC (as the VS Code client starts it) instead of stdio. */
  ipc?: boolean;
}

export class LspClient {
  readonly conn: ProtocolConnection;
  /** Settings for section `pincite`; edit then call `changeConfiguration()`. */
  settings: Record<string, unknown>;
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly logs: string[] = [];
  readonly registrations: unknown[] = [];
  readonly configRequests: unknown[] = [];
  /** workspace/diagnostic/refresh requests received. */
  refreshes = 0;
  stderr = '';
  exited = false;
  initializeResult!: InitializeResult;
  /** What `workspace/workspaceFolders` answers. */
  folders: { uri: string; name: string }[] | null = null;
  private readonly versions = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();

  private constructor(
    readonly proc: ChildProcess,
    settings: Record<string, unknown>,
    ipc: boolean,
  ) {
    this.settings = settings;
    this.conn = ipc
      ? createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
      : createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    proc.on('exit', () => {
      this.exited = true;
      this.poke();
    });
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const l = this.published.get(p.uri) ?? [];
      l.push(p);
      this.published.set(p.uri, l);
      this.poke();
    });
    this.conn.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push({ type: p.type, message: String(p.message) });
      this.poke();
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      this.poke();
    });
    this.conn.onNotification('pincite/status', (params: unknown) => {
      this.notifications.push({ method: 'pincite/status', params });
      this.poke();
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => {
      this.configRequests.push(p);
      this.poke();
      return p.items.map((it) => (it.section === 'pincite' ? this.settings : null));
    });
    this.conn.onRequest(RegistrationRequest.type, (p) => {
      this.registrations.push(...p.registrations);
      this.poke();
    });
    this.conn.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
      this.messages.push(p);
      this.poke();
      return null;
    });
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.poke();
      return null;
    });
    this.conn.onRequest('workspace/workspaceFolders', () => this.folders);
    this.conn.listen();
  }

  static async start(opts: StartOptions = {}): Promise<LspClient> {
    ensureBuilt();
    const proc = opts.ipc
      ? fork(SERVER, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], execArgv: [...SERVER_EXEC_ARGV], env: { ...process.env, ...SERVER_ENV } })
      : spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...SERVER_ENV } });
    const c = new LspClient(proc, opts.settings ?? {}, opts.ipc === true);
    const rootUri = opts.rootDir ? `file://${opts.rootDir}` : null;
    c.folders = rootUri ? [{ uri: rootUri, name: 'ws' }] : null;
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        diagnostics: opts.pull ? { refreshSupport: true } : undefined,
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
        completion: { completionItem: { snippetSupport: false } },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        ...(opts.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
    };
    c.initializeResult = await withTimeout(
      c.conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
        capabilities,
        initializationOptions: opts.initializationOptions,
      }),
      10000,
      'initialize',
    );
    await c.conn.sendNotification(InitializedNotification.type, {});
    return c;
  }

  private poke(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Waits until `check()` holds, re-checking on every message from the server. */
  waitFor(check: () => boolean, what: string, ms = 10000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { check, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; last server log lines:\n${this.logs.slice(-8).join('\n')}\n${this.stderr.slice(-2000)}`));
      }, ms);
      this.waiters.add(w);
    });
  }

  /** The diagnostics published for `uri` at its current version (waits for them). */
  async diagnostics(uri: string, ms = 10000): Promise<PublishDiagnosticsParams> {
    const version = this.versions.get(uri);
    const match = () => (this.published.get(uri) ?? []).find((p) => version === undefined || p.version === version);
    await this.waitFor(() => match() !== undefined, `diagnostics for ${uri} v${version}`, ms);
    return match()!;
  }

  async open(uri: string, text: string, languageId = 'markdown', version = 1): Promise<void> {
    this.versions.set(uri, version);
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async changeConfiguration(): Promise<void> {
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { pincite: this.settings } });
  }

  request<R>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R> {
    return withTimeout(token ? this.conn.sendRequest<R>(method, params, token.token) : this.conn.sendRequest<R>(method, params), 15000, method);
  }

  async stop(): Promise<void> {
    try {
      if (!this.exited) {
        await withTimeout(this.conn.sendRequest(ShutdownRequest.type), 3000, 'shutdown');
        await this.conn.sendNotification(ExitNotification.type);
        await this.waitFor(() => this.exited, 'exit', 3000);
      }
    } catch {
      // fall through to the kill
    } finally {
      this.conn.dispose();
      if (!this.exited) this.proc.kill('SIGKILL');
    }
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

/** Line/character of an offset in a text (test-side, independent of the server's converter). */
export function pos(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

/** Offset of the `n`th occurrence (0-based) of `needle` in `text`, plus `delta`. */
export function at(text: string, needle: string, delta = 0, n = 0): number {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" not found`);
  }
  return i + delta;
}
