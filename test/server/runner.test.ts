// The analysis worker's scheduling and watchdog (server/src/lsp/runner.ts), with a stand-in
// worker script so a runaway analysis can be simulated.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkerRunner, type Job } from '../../server/src/lsp/runner';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

// Replies with the job's text length as the citation count; `hang` spins forever; `slow:N` busy-waits N ms.
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (m) => {
  if (m.type !== 'run') return;
  const t = m.job.text;
  if (t === 'hang') for (;;) {}
  const slow = /^slow:(\\d+)$/.exec(t);
  if (slow) { const end = Date.now() + Number(slow[1]); while (Date.now() < end) {} }
  if (t === 'die') process.exit(1);
  if (t === 'print') console.log('hello from the worker');
  if (t === 'throw') { parentPort.postMessage({ type: 'error', id: m.id, message: 'boom' }); return; }
  parentPort.postMessage({ type: 'result', id: m.id, result: { extraction: { citations: new Array(t.length).fill(null) }, findings: [], elapsedMs: 0 } });
});
`;

function job(uri: string, text: string, version = 1): Job {
  return { uri, version, text, kind: 'plaintext', settings: DEFAULT_SETTINGS };
}

describe('analysis runner (worker thread)', () => {
  let dir: string;
  let file: string;
  let runner: WorkerRunner | undefined;
  const logs: string[] = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pincite-runner-'));
    file = path.join(dir, 'worker.js');
    fs.writeFileSync(file, WORKER);
  });
  afterEach(() => runner?.dispose());
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs jobs and returns their results', async () => {
    runner = new WorkerRunner(file, (m) => logs.push(m), 5000);
    const r = await runner.run(job('a', 'abc'));
    assert.equal(r?.extraction.citations.length, 3);
  });

  it('drops a queued job when a newer one for the same document arrives', async () => {
    runner = new WorkerRunner(file, (m) => logs.push(m), 5000);
    const busy = runner.run(job('other', 'slow:200'));
    const old = runner.run(job('a', 'x', 1));
    const newer = runner.run(job('a', 'xyz', 2));
    assert.equal(await old, undefined, 'superseded');
    assert.equal((await newer)?.extraction.citations.length, 3);
    assert.ok(await busy);
  });

  it('stops a runaway analysis, replaces the worker and keeps going', async () => {
    runner = new WorkerRunner(file, (m) => logs.push(m), 300);
    await assert.rejects(runner.run(job('a', 'hang')), /longer than/);
    const r = await runner.run(job('a', 'ok'));
    assert.equal(r?.extraction.citations.length, 2);
    assert.ok(logs.some((l) => /took over 300 ms/.test(l)));
  });

  it("captures the worker's console output into the log (never the protocol stream)", async () => {
    let seen!: () => void;
    const logged = new Promise<void>((resolve) => (seen = resolve));
    runner = new WorkerRunner(file, (m) => (m.includes('hello from the worker') ? seen() : logs.push(m)), 5000);
    await runner.run(job('a', 'print'));
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new Error('no worker output logged within 5 s')), 5000)));
    await Promise.race([logged, limit]).finally(() => clearTimeout(timer));
  });

  it('fails only the job during which the worker died, then carries on with a new worker', async () => {
    runner = new WorkerRunner(file, (m) => logs.push(m), 5000);
    await assert.rejects(runner.run(job('a', 'die')), /stopped/);
    assert.equal((await runner.run(job('a', 'again')))?.extraction.citations.length, 5);
  });

  it('hands jobs to the fallback when workers keep dying', async () => {
    const bad = path.join(dir, 'crash.js');
    fs.writeFileSync(bad, 'process.exit(3);');
    const ran: string[] = [];
    const fallback = {
      run: async (j: Job) => (ran.push(j.text), { extraction: { citations: [] }, findings: [], elapsedMs: 0 }),
      setUserTable: () => undefined,
      dispose: () => undefined,
    };
    runner = new WorkerRunner(bad, (m) => logs.push(m), 5000, fallback);
    const r = await runner.run(job('a', 'via fallback'));
    assert.ok(r);
    assert.deepEqual(ran, ['via fallback']);
    assert.ok(logs.some((l) => /analysing in the server process instead/.test(l)));
  });

  it('reports an engine error for that job only', async () => {
    runner = new WorkerRunner(file, (m) => logs.push(m), 5000);
    await assert.rejects(runner.run(job('a', 'throw')), /boom/);
    assert.equal((await runner.run(job('a', 'four')))?.extraction.citations.length, 4);
  });
});
