// Pincite's VS Code client: a thin shell around the language server (dist/server.js).
// Everything the user sees about citations comes from the server; the client only wires it in:
// document selector, the read-only opinion document, a few commands and a status bar item.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  type CloseHandlerResult,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/launch';
import { FIX_ALL_KIND as FIX_ALL_KIND_VALUE } from '../../server/src/lsp/fix-all-kind';
import { ServerProcess, type ServerProcessOptions } from './server-process';

export const OPINION_SCHEME = 'pincite-opinion';
export const AUTHORITY_SCHEME = 'pincite-authority';
export const OPINION_URI = vscode.Uri.parse(`${OPINION_SCHEME}:/Smith%20v.%20Finkley%2C%2010%20F.4th%20725.txt`);
const DEFAULT_LANGUAGES = ['markdown', 'plaintext', 'latex', 'brief'];
const FIX_ALL_KIND = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND_VALUE);
/** Restarts allowed within RESTART_WINDOW_MS before the client gives up. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export interface StatusParams {
  uri: string;
  citations: number;
  problems: number;
}

/** What `activate` returns: used by the end-to-end tests, harmless to anyone else. */
export interface PinciteApi {
  /** Date.now() when this module was evaluated (the extension host loads it to activate it). */
  loadedAt: number;
  /** Date.now() when activate() started. */
  activatedAt: number;
  /** Resolves once the language client is running (rejects if it failed to start). */
  ready(): Promise<void>;
  /** The last `pincite/status` the server sent for a document, if any. */
  status(uri: vscode.Uri): StatusParams | undefined;
}

let client: LanguageClient | undefined;
let server: ServerProcess | undefined;
let starting: Promise<void> = Promise.resolve();
let output: vscode.LogOutputChannel;
/** The server's output before the output channel exists (the server is started first). */
const earlyLog: string[] = [];
let statusItem: vscode.StatusBarItem;
const statuses = new Map<string, StatusParams>();
let toldUserAboutRestart = false;
let restartTimes: number[] = [];
let opinionText: string | undefined;
const opinionChanged = new vscode.EventEmitter<vscode.Uri>();
const authorityChanged = new vscode.EventEmitter<vscode.Uri>();
const authorityDocs = new Map<string, string>();

/**
 * The extension host evaluates this module to activate the extension, then prepares its
 * ExtensionContext before it calls activate(): while VS Code starts, that took 0.4-1.1 s in the
 * real-VS-Code tests. The language server is forked here, so it loads during that wait; told
 * `--engine-at-start`, it loads the engine at once too instead of after `initialize`. This fork
 * has no compile cache (its folder is in the context's global storage, unknown yet); later ones do.
 */
const loadedAt = Date.now();
let earlyServer: ServerProcess | undefined = forkEarly();

function forkEarly(): ServerProcess | undefined {
  try {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return new ServerProcess(serverProcessOptions(path.join(__dirname, 'server.js'), {}, folder, ['--engine-at-start']));
  } catch {
    return undefined; // activate() forks one the usual way
  }
}

export function activate(context: vscode.ExtensionContext): PinciteApi {
  const activatedAt = Date.now();
  // The server process first, before anything else the client sets up (even its output channel:
  // what the process writes before the channel exists is kept until it does).
  const firstServer = earlyServer ?? new ServerProcess(contextServerOptions(context));
  // Restarts of a server forked early get what the context gives (its compile cache).
  if (earlyServer) earlyServer.forkLaterWith(contextServerOptions(context));
  earlyServer = undefined;
  output = vscode.window.createOutputChannel('Pincite', { log: true });
  for (const text of earlyLog.splice(0)) output.append(text);
  statusItem = vscode.window.createStatusBarItem('pincite.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'Pincite';
  statusItem.command = 'workbench.actions.view.problems';
  context.subscriptions.push(output, statusItem, opinionChanged, authorityChanged);

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(OPINION_SCHEME, {
      onDidChange: opinionChanged.event,
      provideTextDocumentContent: async () => {
        if (opinionText !== undefined) return opinionText;
        const c = await runningClient();
        const res = await c.sendRequest<{ text: string }>('pincite/opinionText', {});
        opinionText = res.text;
        return opinionText;
      },
    }),
    vscode.workspace.registerTextDocumentContentProvider(AUTHORITY_SCHEME, {
      onDidChange: authorityChanged.event,
      provideTextDocumentContent: (uri) => authorityDocs.get(uri.toString()) ?? '',
    }),
    vscode.commands.registerCommand('pincite.openOpinion', openOpinion),
    vscode.commands.registerCommand('pincite.showAuthority', showAuthority),
    vscode.commands.registerCommand('pincite.fixAll', fixAll),
    vscode.commands.registerCommand('pincite.restartServer', () => restartClient(context)),
    vscode.window.onDidChangeActiveTextEditor(updateStatusItem),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      statuses.delete(doc.uri.toString());
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('pincite.languages')) {
        output.appendLine('pincite.languages changed: restarting the language client.');
        void restartClient(context);
      }
    }),
    { dispose: () => void stopClient() },
  );

  starting = startClient(context, firstServer);
  starting.catch((err: unknown) => output.appendLine(`Pincite failed to start: ${String(err)}`));
  return {
    loadedAt,
    activatedAt,
    ready: () => starting,
    status: (uri) => statuses.get(uri.toString()),
  };
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

function configuredLanguages(): string[] {
  const langs = vscode.workspace.getConfiguration('pincite').get<unknown>('languages');
  if (Array.isArray(langs) && langs.every((l) => typeof l === 'string')) return langs as string[];
  return DEFAULT_LANGUAGES;
}

/**
 * How the language server is forked once the extension's context exists. Its environment gets
 * Node's on-disk compile cache (Node 22.1+, ignored by older runtimes) in the extension's global
 * storage, so a start after the first loads dist/server.js from V8's code cache instead of
 * compiling it again (unless the user set or disabled that cache).
 */
function contextServerOptions(context: vscode.ExtensionContext): ServerProcessOptions {
  const env: Record<string, string> = {};
  if (process.env.NODE_COMPILE_CACHE === undefined && process.env.NODE_DISABLE_COMPILE_CACHE === undefined && context.globalStorageUri.scheme === 'file') {
    env.NODE_COMPILE_CACHE = path.join(context.globalStorageUri.fsPath, 'compile-cache');
  }
  return serverProcessOptions(context.asAbsolutePath('dist/server.js'), env, vscode.workspace.workspaceFolders?.[0]?.uri);
}

function serverProcessOptions(module: string, env: Record<string, string>, folder: vscode.Uri | undefined, args: string[] = []): ServerProcessOptions {
  // Node flags shared with the benchmark and the server tests (server/src/launch.ts); debug the
  // server when the extension host is being debugged, as LanguageClient would.
  const debugging = process.execArgv.some((a) => /^--(inspect|debug)(-brk)?(=|$)/.test(a));
  const execArgv = [...SERVER_EXEC_ARGV, ...(debugging ? ['--nolazy', '--inspect=6019'] : [])];
  return {
    module,
    env: { ...SERVER_ENV, ...env },
    execArgv,
    args,
    cwd: folder?.scheme === 'file' ? folder.fsPath : undefined,
    log: (text) => {
      const o = output as vscode.LogOutputChannel | undefined; // unset until activate() creates it
      if (o) o.append(text);
      else earlyLog.push(text);
    },
  };
}

async function startClient(context: vscode.ExtensionContext, proc = new ServerProcess(contextServerOptions(context))): Promise<void> {
  server = proc;
  const serverOptions: ServerOptions = proc.transports;
  const documentSelector = configuredLanguages().flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  let c: LanguageClient | undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    traceOutputChannel: output,
    synchronize: { configurationSection: 'pincite' },
    // The server pushes each document's diagnostics as soon as its analysis is done. Pulled
    // diagnostics cost a request per document, and at start-up the client cancels and re-sends
    // its first pull (the document is opened and shown while the client starts), which delays a
    // brief's first diagnostics by a round trip through a busy extension host.
    // The settings of the briefs already open, read now: the server then analyses them without
    // first asking for their settings through an extension host that is busy starting.
    initializationOptions: () => ({ diagnostics: 'push', settings: c ? initialSettings(c, documentSelector.map((f) => f.language)) : undefined }),
    errorHandler: {
      // Write errors (EPIPE) come from a server that is dying; its close event follows and
      // `closed` decides whether to restart. Shutting down here instead raced with that restart
      // and, with several requests in flight, left the brief with no server at all.
      error: (error, _message, count): ErrorHandlerResult => {
        output.appendLine(`Connection error (${count ?? 0}): ${error.message}`);
        return { action: ErrorAction.Continue, handled: true };
      },
      closed: (): CloseHandlerResult => {
        const now = Date.now();
        restartTimes = restartTimes.filter((t) => now - t < RESTART_WINDOW_MS);
        if (restartTimes.length >= MAX_RESTARTS) {
          const message = `The Pincite language server stopped ${MAX_RESTARTS + 1} times in 3 minutes and will not be restarted. See the "Pincite" output, then run "Pincite: Restart Server".`;
          output.appendLine(message);
          void vscode.window.showErrorMessage(message);
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        restartTimes.push(now);
        output.appendLine('The Pincite language server stopped; restarting it.');
        if (!toldUserAboutRestart) {
          toldUserAboutRestart = true;
          void vscode.window.showWarningMessage('The Pincite language server stopped unexpectedly and was restarted. Details are in the "Pincite" output.');
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  c = new LanguageClient('pincite', 'Pincite', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    if (e.newState === State.Running) updateStatusItem();
    if (e.newState === State.Stopped) statusItem.hide();
  });
  await c.start();
  context.subscriptions.push(
    c.onNotification('pincite/status', (params: StatusParams) => {
      statuses.set(params.uri, params);
      updateStatusItem();
    }),
  );
  updateStatusItem();
}

/**
 * The `pincite` section for each open document in one of `languages` and for the first workspace
 * folder, keyed by URI as the server sees them, read as the language client answers the server's
 * workspace/configuration requests (the same scope and section), so both give the same settings.
 */
function initialSettings(c: LanguageClient, languages: readonly string[]): Record<string, unknown> | undefined {
  try {
    return readSettings(c, languages);
  } catch (err) {
    output.appendLine(`Could not read the settings to send with initialize (${String(err)}); the server will ask for them.`);
    return undefined;
  }
}

function readSettings(c: LanguageClient, languages: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const read = (uri: vscode.Uri | undefined, key: string) => {
    out[key] = JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(undefined, uri).get('pincite') ?? null)) as unknown;
  };
  for (const d of vscode.workspace.textDocuments) {
    if (languages.includes(d.languageId) && (d.uri.scheme === 'file' || d.uri.scheme === 'untitled')) read(d.uri, c.code2ProtocolConverter.asUri(d.uri));
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  read(folder, folder ? c.code2ProtocolConverter.asUri(folder) : '');
  return out;
}

async function stopClient(): Promise<void> {
  const c = client;
  const proc = server;
  client = undefined;
  server = undefined;
  try {
    if (c && c.state !== State.Stopped) await c.stop();
  } finally {
    void proc?.ensureStopped();
  }
}

async function restartClient(context: vscode.ExtensionContext): Promise<void> {
  await starting.catch(() => undefined);
  await stopClient();
  statuses.clear();
  restartTimes = [];
  starting = startClient(context);
  await starting;
}

async function runningClient(): Promise<LanguageClient> {
  await starting;
  if (!client) throw new Error('The Pincite language server is not running.');
  return client;
}

function updateStatusItem(): void {
  const editor = vscode.window.activeTextEditor;
  const st = editor ? statuses.get(editor.document.uri.toString()) : undefined;
  if (!editor || !st) {
    statusItem.hide();
    return;
  }
  const cites = `${st.citations} citation${st.citations === 1 ? '' : 's'}`;
  const problems = `${st.problems} problem${st.problems === 1 ? '' : 's'}`;
  statusItem.text = `$(law) ${cites}, ${problems}`;
  statusItem.tooltip = `Pincite: ${cites} and ${problems} in this brief. Click for the Problems panel.`;
  statusItem.backgroundColor = st.problems > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  statusItem.show();
}

/**
 * Opens the bundled opinion read-only. `at` is a character offset into the opinion text (or an
 * object `{ offset }`, as a command link would pass it).
 */
async function openOpinion(at?: number | { offset?: number }): Promise<vscode.TextEditor> {
  const offset = typeof at === 'number' ? at : typeof at === 'object' && at !== null ? at.offset : undefined;
  const doc = await vscode.workspace.openTextDocument(OPINION_URI);
  const editor = await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
  if (typeof offset === 'number' && Number.isFinite(offset)) {
    const pos = doc.positionAt(Math.max(0, Math.min(offset, doc.getText().length)));
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
  }
  return editor;
}

/** Shows the authority cited under the cursor. Returns its markdown (or undefined). */
async function showAuthority(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Pincite: open a brief and put the cursor on a citation.');
    return undefined;
  }
  const c = await runningClient();
  const res = await c.sendRequest<{ markdown: string } | null>('pincite/authorityAt', {
    uri: editor.document.uri.toString(),
    position: { line: editor.selection.active.line, character: editor.selection.active.character },
  });
  if (!res) {
    void vscode.window.showInformationMessage('Pincite: no citation under the cursor.');
    return undefined;
  }
  const uri = vscode.Uri.from({ scheme: AUTHORITY_SCHEME, path: '/Authority.md' });
  authorityDocs.set(uri.toString(), res.markdown);
  authorityChanged.fire(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
  return res.markdown;
}

/** Applies Pincite's fix-all code action to the active brief. Returns whether anything changed. */
async function fixAll(): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return false;
  const doc = editor.document;
  const full = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      full,
      FIX_ALL_KIND.value,
    )) ?? [];
  // One fix-all action carries every fix; applying a second one computed against the same
  // version would edit stale offsets, so only the first applicable action is used.
  const action = actions.find((a): a is vscode.CodeAction => 'kind' in a && !!a.kind && FIX_ALL_KIND.contains(a.kind));
  if (!action) {
    void vscode.window.showInformationMessage('Pincite: nothing to fix.');
    return false;
  }
  let changed = false;
  if (action.edit) changed = await vscode.workspace.applyEdit(action.edit);
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    changed = true;
  }
  return changed;
}
