// Runs the engine (extract + check) for the analyzer: in a worker thread when possible, so the
// server keeps answering requests while a large brief is analysed, stale jobs are dropped before
// they start, and a runaway analysis is stopped (the worker is replaced) instead of hanging the
// server. Falls back to running in-process when no worker can be started.
import { Worker, parentPort } from 'node:worker_threads';
import type { DocKind, ExtractResult } from '../engine/types';
import type { Finding } from '../engine/checks-types';
import type { PinciteSettings } from '../settings';
import type { Engine, TableView } from './engine-api';

export interface Job {
  uri: string;
  version: number;
  text: string;
  kind: DocKind;
  settings: PinciteSettings;
}

export interface JobResult {
  extraction: ExtractResult;
  findings: Finding[];
  elapsedMs: number;
}

export interface Runner {
  /** Resolves with the result, or undefined when a newer job for the same document superseded it. */
  run(job: Job): Promise<JobResult | undefined>;
  /** The user's authorities file text (undefined: bundled table only). */
  setUserTable(text: string | undefined): void;
  dispose(): void;
}

/** Stops an analysis that runs longer than this (the worker is replaced). */
export const JOB_TIMEOUT_MS = 30000;

function compute(engine: Engine, table: TableView, job: Job): JobResult {
  const t0 = performance.now();
  const extraction = engine.extract(job.text, job.kind);
  const findings = engine.check(job.text, job.kind, job.settings, table, extraction);
  return { extraction, findings, elapsedMs: performance.now() - t0 };
}

function tableFor(engine: Engine, userText: string | undefined): TableView {
  if (userText === undefined) return engine.bundled();
  try {
    return engine.merge(userText).table;
  } catch {
    return engine.bundled();
  }
}

export class InProcessRunner implements Runner {
  private table: TableView;
  private readonly latest = new Map<string, number>();
  constructor(private readonly engine: Engine) {
    this.table = engine.bundled();
  }
  async run(job: Job): Promise<JobResult | undefined> {
    const ticket = (this.latest.get(job.uri) ?? 0) + 1;
    this.latest.set(job.uri, ticket);
    await new Promise<void>((r) => setImmediate(r));
    if (this.latest.get(job.uri) !== ticket) return undefined;
    return compute(this.engine, this.table, job);
  }
  setUserTable(text: string | undefined): void {
    this.table = tableFor(this.engine, text);
  }
  dispose(): void {}
}

type ToWorker = { type: 'table'; text: string | undefined } | { type: 'run'; id: number; job: Job };
type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: JobResult }
  | { type: 'error'; id: number; message: string };

interface Pending {
  id: number;
  job: Job;
  resolve: (r: JobResult | undefined) => void;
  reject: (e: Error) => void;
}

export class WorkerRunner implements Runner {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Jobs waiting for the worker: at most one per document (the newest). */
  private readonly queue: Pending[] = [];
  private current: { p: Pending; timer: NodeJS.Timeout } | undefined;
  private userText: string | undefined;
  private disposed = false;

  /** Exit times of workers that died on their own; too many too fast → use the fallback. */
  private crashes: number[] = [];
  private broken = false;

  constructor(
    private readonly file: string,
    private readonly log: (m: string) => void,
    private readonly timeoutMs = JOB_TIMEOUT_MS,
    /** Where jobs go if workers keep dying (the in-process runner). */
    private readonly fallback?: Runner,
  ) {
    this.spawn();
  }

  /** Workers keep dying: stop restarting them and hand every job to the fallback. */
  private giveUp(): void {
    this.broken = true;
    this.log('Pincite: the analysis worker keeps stopping; analysing in the server process instead.');
    for (const p of this.queue.splice(0)) this.delegate(p);
  }

  private delegate(p: Pending): void {
    if (!this.fallback) {
      p.reject(new Error('no analysis worker is available'));
      return;
    }
    this.fallback.run(p.job).then(p.resolve, p.reject);
  }

  /** The current worker has built its engine and table and takes jobs. */
  private ready = false;

  private spawn(): void {
    this.ready = false;
    // stdout/stderr captured, never inherited: over --stdio a stray print would corrupt the protocol.
    const w = new Worker(this.file, { argv: ['--pincite-worker'], stdout: true, stderr: true });
    w.stdout.on('data', (d: Buffer) => this.log(`Pincite worker: ${d.toString().trimEnd()}`));
    w.stderr.on('data', (d: Buffer) => this.log(`Pincite worker: ${d.toString().trimEnd()}`));
    w.on('message', (m: FromWorker) => this.onMessage(m));
    w.on('error', (err) => {
      this.log(`Pincite: analysis worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
    w.on('exit', (code) => {
      if (this.worker !== w) return;
      const wasReady = this.ready;
      this.worker = undefined;
      this.ready = false;
      if (this.disposed) return;
      // A job that was running when the worker died fails (it may be what killed it).
      this.failCurrent(new Error('the analysis worker stopped'));
      if (!wasReady) {
        // It died before taking any job: count it; three in ten seconds and we stop trying.
        const now = Date.now();
        this.crashes = [...this.crashes.filter((t) => now - t < 10000), now];
        if (this.crashes.length >= 3) {
          this.giveUp();
          return;
        }
      }
      this.log(`Pincite: analysis worker exited (${code}); restarting it.`);
      this.spawn();
      this.pump();
    });
    w.unref();
    this.worker = w;
    if (this.userText !== undefined) this.post({ type: 'table', text: this.userText });
  }

  private post(m: ToWorker): void {
    this.worker?.postMessage(m);
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'ready') {
      this.ready = true;
      this.pump();
      return;
    }
    const cur = this.current;
    if (!cur || cur.p.id !== m.id) return;
    clearTimeout(cur.timer);
    this.current = undefined;
    if (m.type === 'result') cur.p.resolve(m.result);
    else cur.p.reject(new Error(m.message));
    this.pump();
  }

  private failCurrent(err: Error): void {
    const cur = this.current;
    if (!cur) return;
    clearTimeout(cur.timer);
    this.current = undefined;
    cur.p.reject(err);
  }

  private pump(): void {
    if (this.current || !this.worker || !this.ready) return;
    const p = this.queue.shift();
    if (!p) return;
    const timer = setTimeout(() => {
      this.log(`Pincite: analysis of ${p.job.uri} took over ${this.timeoutMs} ms; stopping it.`);
      const w = this.worker;
      this.failCurrent(new Error(`the analysis took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped`));
      this.worker = undefined;
      void w?.terminate();
      if (!this.disposed) {
        this.spawn();
        this.pump();
      }
    }, this.timeoutMs);
    this.current = { p, timer };
    this.post({ type: 'run', id: p.id, job: p.job });
  }

  run(job: Job): Promise<JobResult | undefined> {
    if (this.broken) return this.fallback ? this.fallback.run(job) : Promise.reject(new Error('no analysis worker is available'));
    return new Promise((resolve, reject) => {
      // A queued job for the same document is superseded.
      for (let i = this.queue.length - 1; i >= 0; i--) {
        if (this.queue[i]!.job.uri === job.uri) this.queue.splice(i, 1)[0]!.resolve(undefined);
      }
      this.queue.push({ id: this.nextId++, job, resolve, reject });
      this.pump();
    });
  }

  setUserTable(text: string | undefined): void {
    this.userText = text;
    this.post({ type: 'table', text });
    this.fallback?.setUserTable(text);
  }

  dispose(): void {
    this.disposed = true;
    this.fallback?.dispose();
    for (const p of this.queue.splice(0)) p.resolve(undefined);
    this.failCurrent(new Error('disposed'));
    void this.worker?.terminate();
    this.worker = undefined;
  }
}

/** The worker thread's side: builds its own table, answers `run` messages one at a time. */
export function runWorker(createEngine: () => Engine): void {
  const port = parentPort;
  if (!port) return;
  const engine = createEngine();
  let table = engine.bundled();
  port.postMessage({ type: 'ready' } satisfies FromWorker);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'table') {
      table = tableFor(engine, m.text);
      return;
    }
    if (m.type === 'run') {
      let reply: FromWorker;
      try {
        reply = { type: 'result', id: m.id, result: compute(engine, table, m.job) };
      } catch (err) {
        reply = { type: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) };
      }
      try {
        port.postMessage(reply);
      } catch (err) {
        port.postMessage({ type: 'error', id: m.id, message: `result could not be sent: ${String(err)}` } satisfies FromWorker);
      }
    }
  });
}
