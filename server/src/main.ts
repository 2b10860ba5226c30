// Entry point of the Pincite language server (bundled to dist/server.js). `--stdio` speaks over
// stdin/stdout, `--node-ipc` over Node IPC; anything else goes to createConnection's own reading
// of the arguments. Over stdio and IPC the server sees each message as it is read, before it is
// handled, so it knows when a document already has a newer change waiting (ChangeQueue) and does
// not analyse the versions in between. Console output goes to the client's log: over stdio a stray
// console.log would corrupt the protocol stream.
import {
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type Message,
  type MessageReader,
} from 'vscode-languageserver/node';
import { ChangeQueue } from './lsp/changes';
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

/** A reader that tells `seen` about every message before the connection handles it. */
function watching(reader: MessageReader, seen: (m: Message) => void): MessageReader {
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback) =>
      reader.listen((m) => {
        try {
          seen(m);
        } catch {
          /* counting must never lose a message */
        }
        callback(m);
      }),
    dispose: () => reader.dispose(),
  };
}

function connect(queue: ChangeQueue): { connection: Connection; stdio: boolean } {
  const seen = (m: Message) => queue.received(m);
  if (process.argv.includes('--stdio')) {
    const reader = watching(new StreamMessageReader(process.stdin), seen);
    // createConnection ends the process when stdin ends only when given the stream itself.
    const exit = () => process.exit(0);
    process.stdin.on('end', exit);
    process.stdin.on('close', exit);
    return { connection: createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout)), stdio: true };
  }
  if (process.argv.includes('--node-ipc')) {
    return { connection: createConnection(ProposedFeatures.all, watching(new IPCMessageReader(process), seen), new IPCMessageWriter(process)), stdio: false };
  }
  return { connection: createConnection(ProposedFeatures.all), stdio: false };
}

function main(): void {
  const changes = new ChangeQueue();
  const { connection } = connect(changes);
  console.log = (...args: unknown[]) => connection.console.log(text(args));
  console.info = (...args: unknown[]) => connection.console.info(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  console.debug = (...args: unknown[]) => connection.console.log(text(args));
  process.on('uncaughtException', (err) => connection.console.error(`Pincite: uncaught exception: ${text([err])}`));
  process.on('unhandledRejection', (err) => connection.console.error(`Pincite: unhandled rejection: ${text([err])}`));
  startServer(connection, { changes });
}

main();
