// The engine warm-up (server/src/lsp/warmup.ts): runs only when the server is quiet, a step at a
// time, through the real engine's full and incremental paths, and ends with one log line.
import * as assert from 'node:assert/strict';
import { createEngine } from '../../server/src/lsp/engine';
import type { Engine } from '../../server/src/lsp/engine-api';
import type { EditSpan } from '../../server/src/engine/incremental';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { WARM_IDLE_MS, WARM_PLAN, WarmUp, type WarmPlan } from '../../server/src/lsp/warmup';
import { fixture, LspClient } from './lsp-client';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SMALL: WarmPlan = { fullChars: 40_000, sliceChars: 12_000, editsPerSlice: 4 };

interface Calls {
  full: number;
  incremental: number;
  checks: number;
  kinds: Set<string>;
  at: number[];
}

/** The real engine, recording its calls and checking that every edit span describes the texts. */
function recording(onCall?: (n: number) => void): { engine: Engine; calls: Calls } {
  const real = createEngine();
  const calls: Calls = { full: 0, incremental: 0, checks: 0, kinds: new Set(), at: [] };
  let lastText = '';
  const engine: Engine = {
    ...real,
    bundled: () => real.bundled(),
    update(prev, text, kind, edit?: EditSpan) {
      calls.at.push(performance.now());
      calls.kinds.add(kind);
      if (prev) {
        calls.incremental++;
        assert.ok(edit, 'an incremental update is told where the text changed');
        assert.equal(text.slice(0, edit.e0), lastText.slice(0, edit.e0), 'text before the edit unchanged');
        assert.equal(text.slice(edit.e1New), lastText.slice(edit.e1Old), 'text after the edit unchanged');
      } else calls.full++;
      lastText = text;
      onCall?.(calls.full + calls.incremental);
      return real.update(prev, text, kind, edit);
    },
    check(...args) {
      calls.checks++;
      return real.check(...args);
    },
  };
  return { engine, calls };
}

function warmUp(engine: Engine, activity: () => number, plan: WarmPlan = SMALL) {
  const logs: string[] = [];
  let finishedCalls = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const w = new WarmUp(
    {
      engine,
      table: () => engine.bundled(),
      settings: DEFAULT_SETTINGS,
      activity,
      log: (m) => logs.push(m),
      finished: () => {
        finishedCalls++;
        done();
      },
    },
    plan,
  );
  return { w, logs, finished, finishedCalls: () => finishedCalls };
}

describe('engine warm-up while idle', () => {
  it('runs its plan through the full and incremental paths of every document kind, then logs once', async () => {
    const { engine, calls } = recording();
    const { w, logs, finished, finishedCalls } = warmUp(engine, () => 0);
    try {
      w.start();
      await finished;
      assert.equal(finishedCalls(), 1);
      assert.ok(w.finished);
      assert.deepEqual([...calls.kinds].sort(), ['latex', 'markdown', 'plaintext']);
      assert.ok(calls.full >= 5, `full analyses: ${calls.full}`);
      assert.equal(calls.incremental, calls.full * SMALL.editsPerSlice);
      assert.equal(calls.checks, calls.full + calls.incremental, 'every analysis is followed by the checks');
      assert.equal(logs.length, 1);
      assert.match(logs[0]!, /engine warmed up \(\d+ steps, \d+ ms of idle time/);
      w.start(); // once per process
      await wait(WARM_IDLE_MS + 100);
      assert.equal(finishedCalls(), 1);
    } finally {
      w.dispose();
    }
  });

  it('waits for a quiet moment, and stops within a step when work arrives', async () => {
    let activity = 0;
    let stepsAtBump = -1;
    let finishedAtBump = true;
    let w!: WarmUp;
    // Work arrives while the third analysis runs: the next check of the event loop must see it.
    const { engine, calls } = recording((n) => {
      if (n !== 3) return;
      setTimeout(() => {
        activity++;
        stepsAtBump = w.stepsRun;
        finishedAtBump = w.finished;
      }, 0);
    });
    const h = warmUp(engine, () => activity);
    w = h.w;
    try {
      // Busy: a message every 100 ms for a while.
      const busyUntil = performance.now() + WARM_IDLE_MS * 2;
      w.start();
      while (performance.now() < busyUntil) {
        activity++;
        await wait(100);
      }
      assert.equal(w.stepsRun, 0, 'nothing ran while the server was busy');
      const quietFrom = performance.now();
      await wait(WARM_IDLE_MS + 200);
      assert.ok(calls.at.length >= 3, 'it started once the server was quiet');
      assert.ok(calls.at[0]! - quietFrom >= WARM_IDLE_MS - 5, `started ${Math.round(calls.at[0]! - quietFrom)} ms into the quiet`);
      assert.equal(finishedAtBump, false, 'the event loop turned before the warm-up had finished');
      const runAfterBump = () => w.stepsRun - stepsAtBump;
      assert.ok(runAfterBump() <= 1, `${runAfterBump()} steps ran after work arrived`);
      await h.finished;
      assert.ok(w.finished);
    } finally {
      w.dispose();
    }
  });

  it('waits while an analysis is pending that no message announces (one awaiting its settings)', async () => {
    const { engine, calls } = recording();
    let busy = true;
    const logs: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const w = new WarmUp({ engine, table: () => engine.bundled(), settings: DEFAULT_SETTINGS, activity: () => 0, busy: () => busy, log: (m) => logs.push(m), finished: () => done() }, SMALL);
    try {
      w.start();
      await wait(WARM_IDLE_MS * 2 + 100);
      assert.equal(calls.full + calls.incremental, 0, 'nothing ran while an analysis was pending');
      busy = false;
      await finished;
      assert.match(logs.join('\n'), /engine warmed up/);
    } finally {
      w.dispose();
    }
  });

  it('stops with one log line if the engine throws, and never throws itself', async () => {
    const real = createEngine();
    let n = 0;
    const engine: Engine = {
      ...real,
      bundled: () => real.bundled(),
      update(prev, text, kind, edit) {
        if (++n === 2) throw new Error('boom');
        return real.update(prev, text, kind, edit);
      },
    };
    const { w, logs, finished } = warmUp(engine, () => 0);
    try {
      w.start();
      await finished;
      assert.deepEqual(logs, ['Pincite: the engine warm-up stopped: boom']);
      assert.equal(n, 2, 'no analysis after the failure');
    } finally {
      w.dispose();
    }
  });

  it('does nothing once disposed', async () => {
    const { engine, calls } = recording();
    const { w, finishedCalls } = warmUp(engine, () => 0);
    w.start();
    w.dispose();
    await wait(WARM_IDLE_MS + 150);
    assert.equal(calls.full + calls.incremental, 0);
    assert.equal(finishedCalls(), 0);
  });

  it('the shipped plan analyses the opinion many times over, in slices of at most 12 KB', () => {
    // The figures the warm-up's doc comment and the README give.
    assert.ok(WARM_PLAN.fullChars >= 30 * createEngine().bundled().opinion.text.length);
    assert.ok(WARM_PLAN.sliceChars <= 12_000);
  });
});

describe('engine warm-up in the server', function () {
  this.timeout(60_000);
  let c: LspClient | undefined;
  afterEach(async () => {
    await c?.stop();
    c = undefined;
  });

  it('warms up once the server is quiet, answers requests meanwhile, and analyses the same afterwards', async () => {
    c = await LspClient.start();
    const uri = 'file:///warm/brief.md';
    const text = fixture('brief.md');
    await c.open(uri, text);
    const before = (await c.diagnostics(uri)).diagnostics;
    assert.ok(before.length > 0);
    await c.close(uri);
    // Quiet: the warm-up starts; a request then is answered all the same.
    await wait(WARM_IDLE_MS + 150);
    const hover = await c.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri: 'file:///warm/none.md' }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    await c.waitFor(() => c!.logs.some((l) => /engine warmed up/.test(l)), 'the warm-up to end', 50_000);
    assert.equal(c.logs.filter((l) => /warm/.test(l)).length, 1, c.logs.join('\n'));
    await c.open(uri, text, 'markdown', 2);
    const after = (await c.diagnostics(uri)).diagnostics;
    assert.deepEqual(after, before, 'the warm-up leaves nothing behind that changes an analysis');
  });
});

describe('engine warm-up where Pincite is turned off', function () {
  this.timeout(60_000);

  it('does not run when pincite.enable is false for the workspace', async () => {
    const on = await LspClient.start();
    const off = await LspClient.start({ settings: { enable: false } });
    try {
      // Both servers sit idle; the one Pincite is on for warms up, the other stays quiet.
      await on.waitFor(() => on.logs.some((l) => /engine warmed up/.test(l)), 'the warm-up to end', 50_000);
      await wait(WARM_IDLE_MS);
      assert.deepEqual(off.logs.filter((l) => /warm/.test(l)), []);
    } finally {
      await on.stop();
      await off.stop();
    }
  });
});
