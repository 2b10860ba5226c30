// Giving memory back when documents close. A closed brief's text, snapshot and analysis become
// garbage at once, but V8 collects old-generation garbage only when it needs room, so the
// process would keep its peak size for a long time. After closes (and only then: never while
// typing), once the server has been quiet for IDLE_MS, full collections run and V8 returns
// the freed pages. Three of them, because what each Node does differs (measured with ten 350 KB
// briefs closed, resident memory above that of an idle server that has analysed one document):
//   - the typed arrays of a closed analysis and large strings live outside the V8 heap and are
//     released only once the collection that found them dead has finished sweeping: a second
//     plain collection completes that (Node 20: +18 MB after one, +10 MB after two);
//   - Node 24's V8 keeps freed heap pages in a pool for reuse; only a "last resort" collection
//     hands them back to the system (+36 MB after plain collections, +11 MB after it). Node 20's
//     V8 does not know that option and treats the call as a no-op, so the plain ones stay.
// The collector is reached through V8's own flag; if that is not possible, nothing happens (the
// memory is still reused for the next documents).
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export const IDLE_MS = 400;

type GcFunction = (options?: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

function gcFunction(): GcFunction | undefined {
  try {
    const existing = (globalThis as { gc?: GcFunction }).gc;
    if (typeof existing === 'function') return existing;
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as GcFunction) : undefined;
  } catch {
    return undefined;
  }
}

export class MemoryReturn {
  private timer: NodeJS.Timeout | undefined;
  private gc: GcFunction | undefined | null = null;
  private armedAt = 0;
  /** Full collections run so far (for tests). */
  collections = 0;

  /**
   * @param activity A count that changes whenever the server does something (messages read,
   * handlers run): the collection waits until it has stayed still for IDLE_MS, so it never lands
   * in the middle of work, nor of a large document still arriving (a 5 MB didOpen takes a few
   * hundred ms to read).
   */
  constructor(private readonly activity: () => number = () => 0) {}

  /** A document closed: collect once things are quiet. */
  closed(): void {
    this.later();
  }

  private later(): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedAt = this.activity();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.activity() !== this.armedAt) return this.later();
      if (this.gc === null) this.gc = gcFunction();
      if (!this.gc) return;
      this.gc();
      this.gc();
      this.gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      this.collections++;
    }, IDLE_MS);
    this.timer.unref();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
