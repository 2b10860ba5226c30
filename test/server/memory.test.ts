// Memory is given back after documents close (server/src/lsp/memory.ts): one full collection once
// the server has been quiet for IDLE_MS, pushed back by work, never run while nothing closed.
import * as assert from 'node:assert';
import { IDLE_MS, MemoryReturn } from '../../server/src/lsp/memory';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('memory return after close', () => {
  it('collects once, after the server has been quiet', async () => {
    let work = 0;
    const m = new MemoryReturn(() => work);
    try {
      work++; // typing alone never collects
      await wait(IDLE_MS + 100);
      assert.strictEqual(m.collections, 0);
      m.closed();
      m.closed();
      await wait(IDLE_MS / 2);
      work++; // work pushes it back
      await wait(IDLE_MS / 2 + 50);
      assert.strictEqual(m.collections, 0, 'not in the middle of work');
      await wait(IDLE_MS + 100);
      assert.strictEqual(m.collections, 1, 'one collection for the burst of closes');
    } finally {
      m.dispose();
    }
  });

  it('waits while messages are still being read (a large document arriving), then collects', async () => {
    let reads = 0;
    const m = new MemoryReturn(() => reads);
    try {
      m.closed();
      // A message read every IDLE_MS / 4 for twice IDLE_MS, before any handler runs: the count
      // of messages read must hold the collection back.
      for (let t = 0; t < 8; t++) {
        reads++;
        await wait(IDLE_MS / 4);
      }
      assert.strictEqual(m.collections, 0, 'not while messages arrive');
      await wait(IDLE_MS * 2 + 100);
      assert.strictEqual(m.collections, 1);
    } finally {
      m.dispose();
    }
  });

  /**
   * Holds what `allocate` returns, reads `measure`, drops it, closes a document and waits for the
   * collection: the reading before and after.
   */
  async function afterClose(allocate: () => unknown, measure: () => number): Promise<{ before: number; after: number }> {
    const m = new MemoryReturn();
    try {
      let held: unknown = allocate();
      const before = measure();
      held = undefined;
      void held;
      m.closed();
      await wait(IDLE_MS + 150);
      assert.strictEqual(m.collections, 1);
      return { before, after: measure() };
    } finally {
      m.dispose();
    }
  }

  it('frees what closed documents held', async () => {
    const { before, after } = await afterClose(
      () => Array.from({ length: 200 }, () => new Array(20000).fill(1)),
      () => process.memoryUsage().heapUsed,
    );
    assert.ok(after < before - 10e6, `heap ${Math.round(before / 1e6)} MB → ${Math.round(after / 1e6)} MB`);
  });

  it('frees memory held outside the V8 heap (typed arrays of closed analyses)', async () => {
    const { before, after } = await afterClose(
      () => Array.from({ length: 400 }, () => new Int32Array(50000).fill(1)),
      () => process.memoryUsage().arrayBuffers,
    );
    assert.ok(after < before - 60e6, `array buffers ${Math.round(before / 1e6)} MB → ${Math.round(after / 1e6)} MB`);
  });
});
