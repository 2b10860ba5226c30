// The language server's process (dist/server.js over Node IPC), started by the client itself.
// LanguageClient.start() would fork it only after building the client's features and a few turns
// of the extension host's event loop (tens of milliseconds, far more while VS Code is starting);
// forked first thing in activate(), the server loads in parallel with that work instead.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { IPCMessageReader, IPCMessageWriter, type MessageTransports } from 'vscode-languageclient/node';

export interface ServerProcessOptions {
  /** Absolute path of dist/server.js. */
  module: string;
  /** Added to the extension host's environment. */
  env: Record<string, string>;
  execArgv: string[];
  /** Arguments for dist/server.js besides the transport's. */
  args?: string[];
  /** Working directory, when it exists. */
  cwd: string | undefined;
  /** Where the server's stdout/stderr and exits are written. */
  log: (text: string) => void;
}

export class ServerProcess {
  /** Forked ahead of need; taken by the first transports() call. */
  private spare: ChildProcess | undefined;
  /** The process the client is talking to. */
  private current: ChildProcess | undefined;

  constructor(private options: ServerProcessOptions) {
    try {
      this.spare = this.spawn();
    } catch (err) {
      // transports() tries again, and the client reports the failure.
      options.log(`Pincite could not start its language server: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }

  /**
   * Options for the processes forked from now on (a server forked before the extension's context
   * existed is restarted with the context's options, e.g. its compile cache).
   */
  forkLaterWith(options: ServerProcessOptions): void {
    this.options = options;
  }

  /**
   * LanguageClient's ServerOptions: the process forked in the constructor the first time, a new
   * one each later time (the client restarts a server that stopped).
   */
  readonly transports = async (): Promise<MessageTransports> => {
    let p = this.spare;
    this.spare = undefined;
    if (!p || !alive(p)) p = this.spawn();
    this.current = p;
    return { reader: new IPCMessageReader(p), writer: new IPCMessageWriter(p) };
  };

  /**
   * After the client has stopped (shutdown and exit sent): a process that has not exited within
   * `graceMs` is killed, as LanguageClient does for the processes it starts itself.
   */
  async ensureStopped(graceMs = 2000): Promise<void> {
    const procs = [this.spare, this.current].filter((p): p is ChildProcess => !!p && alive(p));
    this.spare = undefined;
    this.current = undefined;
    await Promise.all(
      procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              if (alive(p)) p.kill();
              resolve();
            }, graceMs);
            p.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
  }

  private spawn(): ChildProcess {
    const { module, env, execArgv, args = [], cwd, log } = this.options;
    const cwdOk = cwd !== undefined && isDirectory(cwd) ? cwd : undefined;
    // As LanguageClient forks a NodeModule: Electron runs the script as plain Node; the server
    // exits with the extension host (--clientProcessId) and speaks LSP over the IPC channel.
    const p = fork(module, ['--node-ipc', `--clientProcessId=${process.pid}`, ...args], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1', ...env },
      execArgv,
      cwd: cwdOk,
      silent: true,
    });
    p.stdout?.on('data', (d: Buffer | string) => log(d.toString()));
    p.stderr?.on('data', (d: Buffer | string) => log(d.toString()));
    // Until the client reads from it, an error (say, spawn failing) must not go unhandled.
    p.on('error', (err) => log(`Pincite language server process error: ${err.message}\n`));
    p.on('exit', (code, signal) => {
      if (code !== 0) log(`Pincite language server process exited (${signal ?? `code ${code}`}).\n`);
    });
    return p;
  }
}

function alive(p: ChildProcess): boolean {
  return p.exitCode === null && p.signalCode === null;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
