// The language server: capabilities, document sync, scheduling and the routing of every request
// to its feature module. Every handler is wrapped: an exception is logged and answered with an
// empty result, a cancelled request with RequestCancelled; nothing takes the process down.
//
// Protocol surface beyond the standard features:
//   request      pincite/opinionText   {}                       → { text }
//   request      pincite/authorityAt   { uri, position }        → { markdown } | null
//   notification pincite/status        { uri, citations, problems }   after an analysis that changed it
//   code action kind source.fixAll.pincite (also answered for `source` and `source.fixAll`)
//   definition targets into the opinion use the table's opinion.uri
// initializationOptions { settings: { [scopeUri]: pincite section } } are the settings the client
// read before starting, used until a didChangeConfiguration says otherwise.
// Diagnostics are pulled (textDocument/diagnostic) when the client supports it, else pushed;
// initializationOptions { diagnostics: "push" } forces push (Pincite's own client asks for push:
// each analysis is published the moment it is done, with no pull round trip). Each change is
// measured before the store applies it (EditTracker) and counted as soon as it is read
// (ChangeQueue), so the analysis is incremental and skips versions a waiting change replaces.
// Start-up: `initialize` is answered before the engine is loaded. The handlers that need the
// engine's modules live in features.ts (dist/server-features.js), required on first use and right
// after that answer, so the client handles the answer while the engine and table are built.
// Diagnostic codes beyond rules.ts:
// `partial-analysis` (document over maxDocumentSize), `analysis-failed`, `authorities-file`,
// `more-problems` (over MAX_DIAGNOSTICS findings: only the most severe are published).
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Disposable,
  type GlobPattern,
  type Connection,
  type DocumentDiagnosticReport,
  type DidChangeTextDocumentParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import * as path from 'node:path';
import { DOCUMENTS } from './convert';
import { Analyzer, errorText, type Analysis } from './analysis';
import { ChangeQueue, EditTracker } from './changes';
import { MemoryReturn } from './memory';
import { AuthorityFile } from './authorities';
import { ConfigStore } from './config';
import { makeOpinionIndex, type Ctx } from './context';
import { toDiagnostics } from './diagnostics';
import type { Engine } from './engine-api';
import { forgetLinks, onDocumentLinkResolve, onDocumentLinks } from './links';
import { onReferences } from './references';
import { FIX_ALL_KIND } from './fix-all-kind';

/** The modules that need the engine at load time (features.ts), loaded on first use. */
type Features = typeof import('./features');
let loadedFeatures: Features | undefined;
const features = (): Features => (loadedFeatures ??= require('./features') as Features);


/** An Engine that builds the real one (`build`) the first time any of its methods is called. */
function lazyEngine(build: () => Engine): Engine {
  let e: Engine | undefined;
  const get = () => (e ??= build());
  return {
    extract: (text, kind) => get().extract(text, kind),
    update: (prev, text, kind, edit) => get().update(prev, text, kind, edit),
    check: (text, kind, settings, table, extraction, snapshots) => get().check(text, kind, settings, table, extraction, snapshots),
    bundled: () => get().bundled(),
    merge: (text) => get().merge(text),
    ruleUrl: (code) => get().ruleUrl(code),
  };
}

export interface StatusParams {
  uri: string;
  citations: number;
  problems: number;
}

export interface ServerOptions {
  engine?: Engine;
  /** Changes read but not yet applied, counted by the transport (main.ts); none when absent. */
  changes?: ChangeQueue;
  /**
   * Settles once the answer to `initialize` has been written (main.ts watches its writer); the
   * engine is loaded then. Without it, the engine is loaded on the turn after the answer is made.
   */
  initializeAnswered?: Promise<void>;
  /**
   * Load the engine as soon as the server listens, not after `initialize`: for a server started
   * ahead of its client (Pincite's client forks it while VS Code prepares the extension), which
   * would otherwise sit idle until the client connects.
   */
  engineAtStart?: boolean;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  // The engine is built when first needed, which is right after `initialize` is answered (below).
  const engine = options.engine ?? lazyEngine(() => features().createEngine());
  const changes = options.changes ?? new ChangeQueue();
  /**
   * Handlers and document events run so far. With the messages read, the sign of work that the
   * collection after closes waits on.
   */
  let handled = 0;
  const activity = () => changes.reads + handled;
  const edits = new EditTracker();
  const memory = new MemoryReturn(activity);
  const documents = new TextDocuments(DOCUMENTS);
  let pullConfig = false;
  let pullDiagnostics = false;
  let canRefresh = false;
  let dynamicWatch = false;
  let relativePatterns = false;
  let workspaceFolders = false;
  let dynamicConfig = false;
  let folderUri: string | undefined;
  const log = (m: string) => connection.console.error(m);

  const config = new ConfigStore(connection, () => pullConfig);
  let authorityFile: AuthorityFile | undefined;
  /** The authorities file and the table it gives (built with the engine: AuthorityFile reads the bundled table at once). */
  const authorities = (): AuthorityFile =>
    (authorityFile ??= new AuthorityFile(connection, engine, () => {
      analyzer.invalidateAll();
      reanalyseAll();
    }));

  const analyzer: Analyzer = new Analyzer({
    engine,
    table: () => authorities().table(),
    document: (uri) => documents.get(uri),
    settings: (uri) => config.get(uri),
    cachedSettings: (uri) => config.cached(uri),
    onAnalysed: (a) => published(a),
    log,
    queued: (uri) => changes.pending(uri),
    edits,
  });

  const ctx: Ctx = {
    documents,
    analyzer,
    engine,
    table: () => authorities().table(),
    opinionIndex: makeOpinionIndex(() => authorities().table()),
  };

  /** The counts last sent in pincite/status, per open document. */
  const sentStatus = new Map<string, string>();

  function published(a: Analysis): void {
    const doc = documents.get(a.uri);
    if (!doc || doc.version !== a.version) return;
    if (!pullDiagnostics) {
      try {
        void connection.sendDiagnostics({ uri: a.uri, version: a.version, diagnostics: toDiagnostics(a, engine, doc) });
      } catch (err) {
        log(`Pincite: could not publish diagnostics: ${errorText(err)}`);
      }
    }
    const status: StatusParams = { uri: a.uri, citations: a.enabled ? a.extraction.citations.length : 0, problems: a.enabled ? a.findings.length : 0 };
    // Only when the counts change: most keystrokes leave them as they were, and each message is
    // a write here and a parse in the client.
    const key = `${status.citations}/${status.problems}`;
    if (sentStatus.get(a.uri) === key) return;
    sentStatus.set(a.uri, key);
    void connection.sendNotification('pincite/status', status);
  }

  function reanalyseAll(): void {
    for (const d of documents.all()) analyzer.schedule(d.uri);
    if (pullDiagnostics && canRefresh) void connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  async function loadAuthorities(): Promise<void> {
    const s = await config.get(folderUri ?? '');
    await watchAuthorities(s.authoritiesFile);
    await authorities().load(folderUri, s.authoritiesFile);
  }

  let watcher: Promise<Disposable> | undefined;
  let watchedPattern: string | undefined;
  /** Watches exactly the authorities file (re-registered when the setting changes). */
  async function watchAuthorities(setting: string): Promise<void> {
    if (!dynamicWatch || !setting) return;
    const rel = setting.replace(/\\/g, '/');
    const globPattern: GlobPattern =
      relativePatterns && folderUri && !path.isAbsolute(setting) ? { baseUri: folderUri, pattern: rel } : `**/${path.basename(setting)}`;
    const key = JSON.stringify(globPattern);
    if (key === watchedPattern) return;
    watchedPattern = key;
    const old = watcher;
    watcher = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] });
    watcher.catch(() => undefined);
    if (old) (await old.catch(() => undefined))?.dispose();
  }

  /** Wraps a request handler: cancellation → RequestCancelled; exception → logged, fallback. */
  function safe<P, R>(name: string, fallback: R, fn: (p: P, token: CancellationToken) => R | Promise<R>) {
    return async (p: P, token: CancellationToken): Promise<R> => {
      handled++;
      const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      if (token?.isCancellationRequested) throw cancelled();
      let r: R;
      try {
        r = await fn(p, token);
      } catch (err) {
        if (err instanceof ResponseError) throw err;
        log(`Pincite: ${name} failed: ${errorText(err)}`);
        return fallback;
      }
      if (token?.isCancellationRequested) throw cancelled();
      return r;
    };
  }

  function safeNotify<P>(name: string, fn: (p: P) => void | Promise<void>) {
    return (p: P): void => {
      handled++;
      try {
        const r = fn(p);
        if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((err: unknown) => log(`Pincite: ${name} failed: ${errorText(err)}`));
      } catch (err) {
        log(`Pincite: ${name} failed: ${errorText(err)}`);
      }
    };
  }

  /** Builds the engine and the bundled table now (a no-op once built). */
  function warm(): void {
    try {
      authorities();
    } catch (err) {
      log(`Pincite: could not load the citation engine: ${errorText(err)}`);
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities ?? {};
    pullConfig = caps.workspace?.configuration === true;
    pullDiagnostics = caps.textDocument?.diagnostic !== undefined && (params.initializationOptions as { diagnostics?: string } | undefined)?.diagnostics !== 'push';
    canRefresh = caps.workspace?.diagnostics?.refreshSupport === true;
    dynamicWatch = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    relativePatterns = caps.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
    dynamicConfig = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    folderUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    config.seed((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: { label: 'Pincite authorities' },
        documentLinkProvider: { resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        completionProvider: { triggerCharacters: ['.'], resolveProvider: false },
      },
      serverInfo: { name: 'pincite', version: '0.1.0' },
    };
    if (caps.workspace?.workspaceFolders === true) {
      workspaceFolders = true;
      result.capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
    }
    if (pullDiagnostics) {
      result.capabilities.diagnosticProvider = { identifier: 'pincite', interFileDependencies: false, workspaceDiagnostics: false };
    }
    // The answer goes out first; then the engine and the bundled table are built while the client
    // handles it, so they are ready when the first document arrives. Anything that needs them
    // earlier builds them itself.
    if (options.initializeAnswered) void options.initializeAnswered.then(() => setImmediate(warm));
    else setImmediate(warm);
    return result;
  });

  connection.onInitialized(() => {
    if (dynamicConfig) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'pincite' }).catch(() => undefined);
    void loadAuthorities().catch((err: unknown) => log(`Pincite: ${errorText(err)}`));
    if (workspaceFolders) {
      // The authorities file lives in the first workspace folder: follow it when folders change.
      connection.workspace.onDidChangeWorkspaceFolders(
        safeNotify('didChangeWorkspaceFolders', async () => {
          const folders = await connection.workspace.getWorkspaceFolders();
          folderUri = folders?.[0]?.uri;
          config.invalidate();
          analyzer.invalidateAll();
          await loadAuthorities();
          reanalyseAll();
        }),
      );
    }
  });

  // The settings are read again, and only when a document's differ from those its analysis used
  // are the analyses dropped and redone (a changed authorities table redoes them by itself). The
  // language client sends this notification when it registers for it, at start-up, with nothing
  // changed: dropping every analysis then made the first brief wait for a second settings round
  // trip through the busy extension host, and analysed it twice.
  connection.onDidChangeConfiguration(
    safeNotify('didChangeConfiguration', async (params: { settings?: unknown }) => {
      config.invalidate(params?.settings);
      await loadAuthorities();
      const changed = await Promise.all(
        documents.all().map(async (d) => {
          const fresh = await config.get(d.uri);
          const a = await analyzer.ensure(d.uri);
          return a !== undefined && JSON.stringify(a.settings) !== JSON.stringify(fresh);
        }),
      );
      if (changed.includes(true)) {
        analyzer.invalidateAll();
        reanalyseAll();
      }
    }),
  );

  connection.onDidChangeWatchedFiles(
    safeNotify('didChangeWatchedFiles', async (params: { changes?: { uri: string }[] }) => {
      const target = authorities().uri();
      const norm = (u: string) => decodeURIComponent(u).replace(/^file:\/\/\/([a-zA-Z]):/, (_m, d: string) => `file:///${d.toLowerCase()}:`);
      if (!target || !(params?.changes ?? []).some((c) => typeof c?.uri === 'string' && norm(c.uri) === norm(target))) return;
      await loadAuthorities();
    }),
  );

  documents.onDidChangeContent((e) => {
    handled++;
    try {
      analyzer.schedule(e.document.uri);
    } catch (err) {
      log(`Pincite: ${errorText(err)}`);
    }
  });
  documents.onDidClose((e) => {
    handled++;
    changes.clear(e.document.uri);
    sentStatus.delete(e.document.uri);
    analyzer.forget(e.document.uri);
    config.forget(e.document.uri);
    forgetLinks(e.document.uri);
    memory.closed();
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(safe('hover', null, (p, _t) => features().onHover(ctx, p)));
  connection.onDefinition(safe('definition', null, (p, _t) => features().onDefinition(ctx, p)));
  connection.onReferences(safe('references', [], (p, t) => onReferences(ctx, p, t)));
  connection.onDocumentSymbol(safe('documentSymbol', [], (p, _t) => features().onDocumentSymbols(ctx, p)));
  connection.onDocumentLinks(safe('documentLink', [], (p, _t) => onDocumentLinks(ctx, p)));
  // A link that cannot be resolved comes back as it was sent.
  connection.onDocumentLinkResolve((p, t) => safe('documentLinkResolve', p, (q: typeof p) => onDocumentLinkResolve(ctx, q))(p, t));
  connection.onCodeAction(safe('codeAction', [], (p, t) => features().onCodeAction(ctx, p, t)));
  connection.onCompletion(safe('completion', null, (p, _t) => features().onCompletion(ctx, p)));
  connection.onRequest(
    'pincite/opinionText',
    safe('opinionText', { text: '' }, () => ({ text: authorities().table().opinion.text })),
  );
  connection.onRequest('pincite/authorityAt', safe('authorityAt', null, (p: unknown) => features().onAuthorityAt(ctx, p)));
  connection.languages.diagnostics.on(
    safe('diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, async (p): Promise<DocumentDiagnosticReport> => {
      const uri = p?.textDocument?.uri;
      const a = typeof uri === 'string' ? await analyzer.ensure(uri) : undefined;
      const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
      if (!a || !doc || a.version !== doc.version) return { kind: DocumentDiagnosticReportKind.Full, items: a && doc ? toDiagnostics(analyzer.now(doc), engine, doc) : [] };
      return { kind: DocumentDiagnosticReportKind.Full, items: toDiagnostics(a, engine, doc) };
    }),
  );

  connection.onShutdown(() => {
    memory.dispose();
    for (const d of documents.all()) analyzer.forget(d.uri);
  });

  // The store applies each change; the queue hears that it was handled (applied or ignored).
  const syncView: Connection = Object.create(connection, {
    onDidChangeTextDocument: {
      value: (handler: (p: DidChangeTextDocumentParams) => void) =>
        connection.onDidChangeTextDocument((p) => {
          const uri = p?.textDocument?.uri;
          const before = typeof uri === 'string' ? documents.get(uri) : undefined;
          // Measured first: the store updates the document object in place.
          const version = before?.version;
          let span: ReturnType<typeof EditTracker.measure> | undefined;
          try {
            span = before ? EditTracker.measure(before.getText(), (pos) => before.offsetAt(pos), p.contentChanges) : undefined;
          } catch {
            span = 'unknown';
          }
          try {
            handler(p);
            const after = typeof uri === 'string' ? documents.get(uri) : undefined;
            if (span && after && after.version !== version) edits.applied(after.uri, span);
          } finally {
            changes.handled(uri);
          }
        }),
    },
  });
  documents.listen(syncView);
  connection.listen();
  if (options.engineAtStart) setImmediate(warm);
}
