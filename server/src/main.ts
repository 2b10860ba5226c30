// Entry point of the Pincite language server (bundled to dist/server.js). `--stdio` speaks over
// stdin/stdout, otherwise Node IPC (createConnection picks the transport from the arguments).
// Console output goes to the client's log: over stdio a stray console.log would corrupt the
// protocol stream. The same bundle, started as a worker thread, is the analysis worker.
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createEngine } from './lsp/engine';
import { runWorker } from './lsp/runner';
import { startServer } from './lsp/server';

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

const text = (args: unknown[]) =>
  args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === 'string' ? a : safeJson(a))).join(' ');

function main(): void {
  const connection = createConnection(ProposedFeatures.all);
  console.log = (...args: unknown[]) => connection.console.log(text(args));
  console.info = (...args: unknown[]) => connection.console.info(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  console.debug = (...args: unknown[]) => connection.console.log(text(args));
  process.on('uncaughtException', (err) => connection.console.error(`Pincite: uncaught exception: ${text([err])}`));
  process.on('unhandledRejection', (err) => connection.console.error(`Pincite: unhandled rejection: ${text([err])}`));
  // PINCITE_IN_PROCESS=1 analyses on the main thread (for comparison and debugging).
  startServer(connection, { workerFile: process.env.PINCITE_IN_PROCESS === '1' ? undefined : __filename });
}

if (isMainThread) main();
else runWorker(createEngine);
