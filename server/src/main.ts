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
  type MessageWriter,
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

/**
 * A writer that calls `answered` once the answer to `initialize` (the response carrying the
 * server's capabilities) has been handed to the transport: the stream writer queues each write
 * behind a turn of the event loop, so returning from the handler does not mean it is sent.
 */
function announcing(writer: MessageWriter, answered: () => void): MessageWriter {
  let told = false;
  return {
    onError: writer.onError,
    onClose: writer.onClose,
    write: async (m) => {
      await writer.write(m);
      if (!told && isInitializeAnswer(m)) {
        told = true;
        answered();
      }
    },
    end: () => writer.end(),
    dispose: () => writer.dispose(),
  };
}

function isInitializeAnswer(m: Message): boolean {
  const result = (m as { result?: unknown }).result;
  return 'id' in m && typeof result === 'object' && result !== null && 'capabilities' in result;
}

function connect(queue: ChangeQueue, answered: () => void): { connection: Connection; stdio: boolean; announces: boolean } {
  const seen = (m: Message) => queue.received(m);
  if (process.argv.includes('--stdio')) {
    const reader = watching(new StreamMessageReader(process.stdin), seen);
    // createConnection ends the process when stdin ends only when given the stream itself.
    const exit = () => process.exit(0);
    process.stdin.on('end', exit);
    process.stdin.on('close', exit);
    return { connection: createConnection(ProposedFeatures.all, reader, announcing(new StreamMessageWriter(process.stdout), answered)), stdio: true, announces: true };
  }
  if (process.argv.includes('--node-ipc')) {
    const writer = announcing(new IPCMessageWriter(process), answered);
    return { connection: createConnection(ProposedFeatures.all, watching(new IPCMessageReader(process), seen), writer), stdio: false, announces: true };
  }
  return { connection: createConnection(ProposedFeatures.all), stdio: false, announces: false };
}

function main(): void {
  const changes = new ChangeQueue();
  let answered: () => void = () => undefined;
  const initializeAnswered = new Promise<void>((resolve) => (answered = resolve));
  const { connection, announces } = connect(changes, () => answered());
  console.log = (...args: unknown[]) => connection.console.log(text(args));
  console.info = (...args: unknown[]) => connection.console.info(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  console.debug = (...args: unknown[]) => connection.console.log(text(args));
  process.on('uncaughtException', (err) => connection.console.error(`Pincite: uncaught exception: ${text([err])}`));
  process.on('unhandledRejection', (err) => connection.console.error(`Pincite: unhandled rejection: ${text([err])}`));
  // --engine-at-start: the client forked this server ahead of connecting to it (see server.ts).
  startServer(connection, { changes, engineAtStart: process.argv.includes('--engine-at-start'), ...(announces ? { initializeAnswered } : {}) });
}

main();
