// Giving memory back when documents close. A closed brief's text, snapshot and analysis become
// garbage at once, but V8 collects old-generation garbage only when it needs room, so the
// process would keep its peak size for a long time. After closes (and only then: never while
// typing), once the server has been quiet for IDLE_MS, one full collection runs and V8 returns
// the freed pages. The collector is reached through V8's own flag; if that is not possible, nothing
// happens (the memory is still reused for the next documents).
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export const IDLE_MS = 400;

function gcFunction(): (() => void) | undefined {
  try {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (typeof existing === 'function') return existing;
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

export class MemoryReturn {
  private timer: NodeJS.Timeout | undefined;
  private gc: (() => void) | undefined | null = null;
  /** Full collections run so far (for tests). */
  collections = 0;

  /** A document closed: collect once things are quiet. */
  closed(): void {
    this.later();
  }

  /** Work happened: push the collection back so it never lands in the middle of it. */
  busy(): void {
    if (this.timer) this.later();
  }

  private later(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.gc === null) this.gc = gcFunction();
      if (!this.gc) return;
      this.gc();
      this.collections++;
    }, IDLE_MS);
    this.timer.unref();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
