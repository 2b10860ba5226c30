// Warming the engine up while the server is idle.
//
// V8 first runs a function as bytecode and compiles it to optimized machine code only once it has
// run for a while, with what those runs showed it. A fresh server's engine is therefore slow the
// first times through: measured in one process (bench/tmp probes, both Nodes), the first 5 MB
// analysis after a single 350 KB brief takes about 1.5–2× as long as after the engine has been
// through the bundled opinion 80 times, and the first keystrokes of a session are the slowest
// (Node 20 most). So when the server has had nothing to do for WARM_IDLE_MS after start, it runs
// the engine over the bundled opinion, exactly as an open document is analysed (a full analysis,
// then keystroke-sized edits, each followed by the checks), and throws the results away.
//
// It never gets in the user's way: it runs one short step at a time (a few milliseconds once
// warm; the first, colder steps are on small slices), and between steps the event loop reads
// whatever has arrived. Any message read, any document event, any request stops it until the
// server has been quiet for WARM_IDLE_MS again. It publishes nothing and keeps nothing; it runs
// once per process and ends with a note in the log.
import type { DocKind } from '../engine/types';
import type { Snapshot } from '../engine/incremental';
import type { PinciteSettings } from '../settings';
import type { Engine, TableView } from './engine-api';

/** Quiet time, in ms, after which the warm-up starts or goes on. */
export const WARM_IDLE_MS = 500;

export interface WarmPlan {
  /** Characters of the opinion analysed in full, in all. */
  fullChars: number;
  /** The largest slice analysed in one step (the first slices are smaller: see sliceSize). */
  sliceChars: number;
  /** Keystroke-sized edits made after each full analysis of a slice. */
  editsPerSlice: number;
}

/**
 * About 33 times the opinion in full, with a keystroke-sized edit after each 12 KB slice (about
 * 330 edits): about 1 s of work on this machine (Node 20), spread over idle time. In the probes (engine
 * alone), the first 5 MB analysis took about 0.6× as long after 40 runs over the opinion as after
 * none, and little less after 80; in the server, warming this much took 180–220 ms off the first
 * 5 MB open (six alternated runs on each Node). Edits cost about 1 ms each here, so there are
 * fewer of them: four per slice doubled the warm-up's time.
 */
export const WARM_PLAN: WarmPlan = { fullChars: 4_000_000, sliceChars: 12_000, editsPerSlice: 1 };

export interface WarmDeps {
  engine: Engine;
  table(): TableView;
  settings: PinciteSettings;
  /** A count that changes whenever the server does something (messages read, handlers run). */
  activity(): number;
  /** Whether work is pending that a message will not announce (an analysis awaiting its settings). */
  busy?(): boolean;
  log(message: string): void;
  /** Called once, when the plan has run to its end (or stopped on an error). */
  finished?(): void;
}

/** Slice k's size: small while the code is still cold, then the plan's. */
function sliceSize(k: number, plan: WarmPlan): number {
  return Math.min(plan.sliceChars, 2000 << Math.min(k, 10));
}

/** The slice of `text` starting near `from` (at a line start), about `size` long, ending at a line end. */
function sliceAt(text: string, from: number, size: number): string {
  const a = from === 0 ? 0 : text.indexOf('\n', from) + 1;
  if (a <= 0 || a >= text.length) return text.slice(0, size);
  const nl = text.indexOf('\n', a + size);
  return text.slice(a, nl < 0 ? text.length : nl + 1);
}

const KINDS: readonly DocKind[] = ['markdown', 'markdown', 'plaintext', 'markdown', 'latex'];

/**
 * The edits of step j on a text: typing or deleting near a citation (where the checks re-run),
 * or in plain prose. Returns the new text and the span the engine is told.
 */
function editAt(text: string, snap: Snapshot, j: number): { text: string; e0: number; e1Old: number; e1New: number } {
  const cs = snap.citations;
  const near = cs.length > 0 && j % 3 !== 2;
  const at = near ? Math.min(text.length, cs[(j * 7) % cs.length]!.end) : (j * 7919) % (text.length + 1);
  // Alternate between inserting a character and deleting the one just before the point.
  if (j % 2 === 0 || at === 0) {
    const ch = j % 4 === 0 ? ',' : '1';
    return { text: text.slice(0, at) + ch + text.slice(at), e0: at, e1Old: at, e1New: at + 1 };
  }
  return { text: text.slice(0, at - 1) + text.slice(at), e0: at - 1, e1Old: at, e1New: at - 1 };
}

/** The warm-up's work, one step per `next()`. */
function* steps(d: WarmDeps, plan: WarmPlan): Generator<void, void, undefined> {
  const opinion = d.table().opinion.text;
  if (!opinion) return;
  let done = 0;
  let from = 0;
  for (let k = 0; done < plan.fullChars; k++) {
    const kind = KINDS[k % KINDS.length]!;
    let text = sliceAt(opinion, from, sliceSize(k, plan));
    if (!text) return; // cannot happen with a text to slice; never loop on nothing
    from = (from + text.length) % opinion.length;
    done += text.length;
    const table = d.table();
    let prev = d.engine.update(undefined, text, kind);
    d.engine.check(text, kind, d.settings, table, { citations: prev.citations });
    yield;
    for (let j = 0; j < plan.editsPerSlice; j++) {
      const e = editAt(text, prev, j + k);
      const now = d.engine.update(prev, e.text, kind, e);
      d.engine.check(e.text, kind, d.settings, table, { citations: now.citations }, { now, prev });
      text = e.text;
      prev = now;
      if (j % 10 === 9) yield;
    }
    yield;
  }
}

export class WarmUp {
  private timer: NodeJS.Timeout | undefined;
  private work: Generator<void, void, undefined> | undefined;
  private seen = Number.NaN;
  private quietSince = 0;
  private startedAt = 0;
  private disposed = false;
  /** Steps run so far, and their total time in ms (for the log and tests). */
  stepsRun = 0;
  busyMs = 0;
  finished = false;

  constructor(
    private readonly deps: WarmDeps,
    private readonly plan: WarmPlan = WARM_PLAN,
  ) {}

  /** Starts waiting for a quiet moment (once; later calls do nothing). */
  start(): void {
    if (this.work || this.finished || this.disposed) return;
    this.work = steps(this.deps, this.plan);
    this.startedAt = performance.now();
    this.check();
  }

  /** Runs a step if the server has been quiet long enough, else waits for that. */
  private check(): void {
    this.timer = undefined;
    if (this.disposed || this.finished) return;
    const now = performance.now();
    const activity = this.deps.activity();
    if (activity !== this.seen || this.deps.busy?.() === true) {
      this.seen = activity;
      this.quietSince = now;
    }
    const quiet = now - this.quietSince;
    if (quiet < WARM_IDLE_MS) {
      this.timer = setTimeout(() => this.check(), WARM_IDLE_MS - quiet);
      this.timer.unref();
      return;
    }
    this.step();
    // setImmediate runs after the event loop has read its input: a message that arrived during
    // the step is seen (and its handler queued) before the next check.
    if (!this.finished) setImmediate(() => this.check());
  }

  private step(): void {
    const t = performance.now();
    let end = false;
    let failed: string | undefined;
    try {
      end = this.work!.next().done === true;
    } catch (err) {
      failed = err instanceof Error ? err.message : String(err);
    }
    this.stepsRun++;
    this.busyMs += performance.now() - t;
    if (end || failed !== undefined) this.finish(failed);
  }

  private finish(failed: string | undefined): void {
    this.finished = true;
    this.work = undefined;
    const wall = (performance.now() - this.startedAt) / 1000;
    if (failed !== undefined) this.deps.log(`Pincite: the engine warm-up stopped: ${failed}`);
    else this.deps.log(`Pincite: engine warmed up (${this.stepsRun} steps, ${Math.round(this.busyMs)} ms of idle time, done ${wall.toFixed(1)} s after start).`);
    this.deps.finished?.();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.work = undefined;
  }
}
