// Pincite benchmark: `npm run bench` writes bench/results.json.
//
// Every figure is measured beside a baseline taken in the same run, so the numbers mean
// something on a noisy 2-core machine:
//   - engine throughput (extract, and extract + checks) on the opinion and on a 5 MB brief made
//     from it, against one trivial regex pass over the same text;
//   - the engine alone on a keystroke in a 350 KB brief (incremental update + checks), against a
//     full extraction + checks of the same text;
//   - over the real protocol (dist/server.js --stdio): keystroke didChange → publishDiagnostics
//     on a ≈350 KB brief, hover / definition / links / code actions on it, first diagnostics on a
//     5 MB open (the first document of a fresh server, and after a 350 KB brief of the same text),
//     a 20 MB open, a dense Markdown stress case, resident memory with ten 350 KB briefs open and
//     after closing them;
//     the baseline is the round trip of a request the server answers without analysis. The
//     server is measured on the Node of code-server's extension host (the real VS Code of the
//     end-to-end tests) and again on this machine's Node;
//   - the packaged .vsix size when one has been built.
// The server figures are medians of five runs on fresh servers (BENCH_RUNS), with the spread of
// the headline ones. The runs on the two Nodes alternate, so that both meet the same moments of a
// machine whose speed drifts within minutes; before each run the machine's speed is taken (a
// full extraction + checks of the 350 KB brief in this process) and reported beside the run's
// figures.
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { extract } from '../server/src/engine/index';
import { carryFrom, check, checkWithMemo, type CheckMemo } from '../server/src/engine/checks';
import { AuthorityTable } from '../server/src/engine/table';
import { fullSnapshot, updateSnapshot } from '../server/src/engine/incremental';
import { DEFAULT_SETTINGS } from '../server/src/settings';
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../server/src/launch';

const root = path.resolve(__dirname, '..');
const opinion = fs.readFileSync(path.join(root, 'server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
/** The ≈350 KB brief of the keystroke, request and memory figures: three copies of the opinion. */
const BRIEF = [opinion, opinion, opinion].join('\n\n');

/** A full extraction + checks of `text`, as the server's first analysis of it: its time in ms. */
function fullCheckMs(text: string): number {
  const t = performance.now();
  check(text, 'markdown', { settings: DEFAULT_SETTINGS, table: AuthorityTable.bundled(), extraction: extract(text, 'markdown') });
  return performance.now() - t;
}
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: require('node:os').cpus().length, node: process.version },
};

function repeatTo(text: string, bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    parts.push(text);
    n += text.length;
  }
  return parts.join('\n\n');
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Best-of-N wall time of fn, in ms. */
function time(fn: () => unknown, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

// The baseline: one pass of a trivial regex (a number followed by a capitalised word) over the text.
function trivialPass(text: string): number {
  const re = /\d+ [A-Z][\w.]*/g;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/**
 * A Markdown brief five to six times as dense in citations as the opinion (and the 350 KB
 * brief of about 1,000 citations): the sample brief and the test briefs, about half of whose
 * citations have a problem. Repeated to a size, it is a stress case for the checks and for
 * publishing: a 5 MB one has about 70,000 citations and 38,000 problems.
 */
const DENSE_MARKDOWN = ['samples/brief.md', 'test/fixtures/briefs/errors.md', 'test/fixtures/briefs/errors.fixed.md', 'test/fixtures/lsp/brief.md']
  .map((f) => fs.readFileSync(path.join(root, f), 'utf8'))
  .join('\n\n');

function engineBench() {
  const table = AuthorityTable.bundled();
  const big = repeatTo(opinion, 5 * 1024 * 1024);
  const out: Record<string, unknown> = {};
  for (const [name, text, runs, kind] of [
    ['opinion', opinion, 20, 'plaintext'],
    ['brief5MB', big, 3, 'plaintext'],
    ['denseMarkdown5MB', repeatTo(DENSE_MARKDOWN, 5 * 1024 * 1024), 2, 'markdown'],
  ] as const) {
    const mb = Buffer.byteLength(text, 'utf8') / 1e6;
    const base = time(() => trivialPass(text), runs);
    const ext = time(() => extract(text, kind), runs);
    const full = time(() => check(text, kind, { settings: DEFAULT_SETTINGS, table }), runs);
    const citations = extract(text, kind).citations.length;
    out[name] = {
      megabytes: round(mb, 3),
      citations,
      trivialRegexMs: round(base),
      extractMs: round(ext),
      extractAndCheckMs: round(full),
      trivialRegexMBps: round(mb / (base / 1000)),
      extractMBps: round(mb / (ext / 1000)),
      extractAndCheckMBps: round(mb / (full / 1000)),
      extractVsTrivialRatio: round(ext / base),
      extractAndCheckVsTrivialRatio: round(full / base),
    };
  }
  return out;
}

/**
 * The engine alone on a keystroke in a 350 KB brief, as the server runs it: the incremental update
 * (consuming the previous version's snapshot) plus the checks carried over from the previous
 * version's, against a full extraction plus checks of the same text.
 */
function keystrokeEngineBench() {
  const table = AuthorityTable.bundled();
  let text = BRIEF;
  let snap = fullSnapshot(text, 'markdown');
  let memo: CheckMemo | undefined = checkWithMemo(text, 'markdown', { settings: DEFAULT_SETTINGS, table, extraction: { citations: snap.citations } }).memo;
  const inc: number[] = [];
  const full: number[] = [];
  let incremental = 0;
  let carried = 0;
  let same = 0;
  let ran = 0;
  let cites = 0;
  for (let i = 0; i < 200; i++) {
    const offset = Math.floor((((i * 7919) % 1000) / 1000) * (text.length - 1));
    const insert = i % 2 === 0;
    const next = insert ? text.slice(0, offset) + 'x' + text.slice(offset) : text.slice(0, offset) + text.slice(offset + 1);
    const hint = insert ? { e0: offset, e1Old: offset, e1New: offset + 1 } : { e0: offset, e1Old: offset + 1, e1New: offset };
    const t = performance.now();
    const before = snap;
    snap = updateSnapshot(snap, next, 'markdown', hint, { consume: true });
    const from = carryFrom(memo, before, snap, true);
    const r = checkWithMemo(next, 'markdown', { settings: DEFAULT_SETTINGS, table, extraction: { citations: snap.citations }, from });
    inc.push(performance.now() - t);
    memo = r.memo;
    if (snap.stats.mode === 'incremental') incremental++;
    if (from) carried++;
    // Keystrokes that changed no citation (the edit fell between citations).
    if (snap.stats.same) same++;
    ran += r.memo?.ran ?? 0;
    cites += snap.citations.length;
    if (i % 10 === 0) full.push(fullCheckMs(next));
    text = next;
  }
  return {
    keystrokes: inc.length,
    incrementalShare: round(incremental / inc.length, 3),
    /** Keystrokes whose checks were carried over from the previous version's. */
    carriedShare: round(carried / inc.length, 3),
    /** Of all the citations checked, the share whose rules ran again (the rest were carried over). */
    rulesRanShare: round(ran / cites, 3),
    sameShare: round(same / inc.length, 3),
    updateAndCheckP50Ms: round(percentile(inc, 50)),
    updateAndCheckP95Ms: round(percentile(inc, 95)),
    baselineFullExtractAndCheckP50Ms: round(percentile(full, 50)),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  conn: ProtocolConnection;
  proc: cp.ChildProcess;
  diagnostics: Map<string, PublishDiagnosticsParams[]>;
  /** The problem count of each document's last pincite/status (every finding, published or not). */
  problems: Map<string, number>;
  waitDiagnostics(uri: string, version: number, timeoutMs: number): Promise<PublishDiagnosticsParams>;
}

async function startServer(node: string): Promise<Server> {
  // Started as the client starts it (server/src/launch.ts), on the given Node.
  const proc = cp.spawn(node, [...SERVER_EXEC_ARGV, path.join(root, 'dist/server.js'), '--stdio'], {
    env: { ...process.env, ...SERVER_ENV },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const list = diagnostics.get(p.uri) ?? [];
    list.push(p);
    diagnostics.set(p.uri, list);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      if (w.uri === p.uri && (p.version === undefined || p.version >= w.version)) {
        waiters.splice(i, 1);
        w.resolve(p);
      }
    }
  });
  conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  const problems = new Map<string, number>();
  conn.onNotification('pincite/status', (p: { uri: string; problems: number }) => {
    problems.set(p.uri, p.problems);
  });
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { versionSupport: true, relatedInformation: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    },
  });
  await conn.sendNotification('initialized', {});
  return {
    conn,
    proc,
    diagnostics,
    problems,
    waitDiagnostics(uri, version, timeoutMs) {
      // Diagnostics may arrive before the waiter is registered (the notification's write resolves
      // after the server already answered): take them from what was received.
      const got = diagnostics.get(uri)?.at(-1);
      if (got && got.version !== undefined && got.version >= version) return Promise.resolve(got);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          uri,
          version,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
  };
}

/**
 * The baseline for the links figure: the same list of links sent back, over stdio on the same
 * Node, by a process that does nothing else (vscode-jsonrpc, as the server uses). What is left of
 * the links figure above this is the server's own work.
 */
async function payloadBaseline(node: string, payload: unknown): Promise<{ runs: number; kilobytes: number; p50Ms: number; p95Ms: number }> {
  const file = path.join(require('node:os').tmpdir(), `pincite-bench-payload-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(payload));
  const script = `const rpc = require(${JSON.stringify(require.resolve('vscode-jsonrpc/node', { paths: [root] }))});
const payload = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
const c = rpc.createMessageConnection(new rpc.StreamMessageReader(process.stdin), new rpc.StreamMessageWriter(process.stdout));
c.onRequest('echo', () => payload);
c.listen();`;
  const proc = cp.spawn(node, [...SERVER_EXEC_ARGV, '-e', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.listen();
  try {
    const ts: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      await conn.sendRequest('echo', {});
      ts.push(performance.now() - t);
    }
    return { runs: ts.length, kilobytes: round(fs.statSync(file).size / 1024, 1), p50Ms: round(percentile(ts, 50)), p95Ms: round(percentile(ts, 95)) };
  } finally {
    conn.dispose();
    proc.kill();
    fs.rmSync(file, { force: true });
  }
}

function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? round(Number(m[1]) / 1024, 1) : NaN;
}

function positionAt(text: string, offset: number) {
  let line = 0;
  let last = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i + 1;
  }
  return { line, character: offset - last };
}

/**
 * Types into the open document `uri` (its text at `version`): 200 keystrokes, inserting then
 * deleting a character at spread-out places, one at a time, each timed from didChange to the
 * diagnostics of that version.
 */
async function typeInto(s: Server, uri: string, text: string, version: number) {
  const keystrokes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const offset = Math.floor(((i * 7919) % 1000) / 1000 * (text.length - 1));
    const pos = positionAt(text, offset);
    const insert = i % 2 === 0;
    const change = insert
      ? { range: { start: pos, end: pos }, text: 'x' }
      : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
    if (insert) text = text.slice(0, offset) + 'x' + text.slice(offset);
    else text = text.slice(0, offset) + text.slice(offset + 1);
    version++;
    const t = performance.now();
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await s.waitDiagnostics(uri, version, 5000);
    keystrokes.push(performance.now() - t);
  }
  const figures = {
    runs: keystrokes.length,
    p50Ms: round(percentile(keystrokes, 50)),
    p95Ms: round(percentile(keystrokes, 95)),
    maxMs: round(Math.max(...keystrokes)),
    /** The same without the first 20 keystrokes after opening (V8 has not optimized the path yet). */
    after20P95Ms: round(percentile(keystrokes.slice(20), 95)),
    target: 'p95 < 20 ms',
  };
  return { text, version, figures };
}

async function serverBench(node: string) {
  const out: Record<string, unknown> = {};
  const s = await startServer(node);
  try {
    const uri = 'file:///bench/brief350k.md';
    let version = 1;
    const t0 = performance.now();
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text: BRIEF } });
    const first = await s.waitDiagnostics(uri, version, 10000);
    out.open350KB = { ms: round(performance.now() - t0), diagnostics: first.diagnostics.length, kilobytes: round(BRIEF.length / 1024, 1) };

    // Baseline: a request the server answers without analysis (documentSymbol on an empty doc).
    const emptyUri = 'file:///bench/empty.md';
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: emptyUri, languageId: 'markdown', version: 1, text: '' } });
    const base: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: emptyUri }, position: { line: 0, character: 0 } });
      base.push(performance.now() - t);
    }

    // Typing, straight after the open.
    const typed = await typeInto(s, uri, BRIEF, version);
    const text = typed.text;
    version = typed.version;
    out.keystrokeToDiagnostics350KB = typed.figures;

    // Requests at citation positions.
    const cites = extract(text, 'markdown').citations.filter((c) => c.kind !== 'statute').slice(0, 300);
    const req = async (method: string, params: (p: { line: number; character: number }) => unknown) => {
      const ts: number[] = [];
      for (let i = 0; i < cites.length; i += 3) {
        const p = positionAt(text, cites[i].start + 1);
        const t = performance.now();
        await s.conn.sendRequest(method, params(p));
        ts.push(performance.now() - t);
      }
      return { runs: ts.length, p50Ms: round(percentile(ts, 50)), p95Ms: round(percentile(ts, 95)) };
    };
    out.hover = await req('textDocument/hover', (p) => ({ textDocument: { uri }, position: p }));
    out.definition = await req('textDocument/definition', (p) => ({ textDocument: { uri }, position: p }));
    const diags = s.diagnostics.get(uri)!.at(-1)!.diagnostics;
    out.codeAction = await req('textDocument/codeAction', (p) => ({
      textDocument: { uri },
      range: { start: p, end: p },
      context: { diagnostics: diags.filter((d) => d.range.start.line === p.line) },
    }));
    const links: number[] = [];
    let list: { range: unknown; data?: unknown }[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      list = await s.conn.sendRequest('textDocument/documentLink', { textDocument: { uri } });
      links.push(performance.now() - t);
    }
    out.documentLinksWholeBrief = { runs: links.length, links: list.length, p50Ms: round(percentile(links, 50)), p95Ms: round(percentile(links, 95)) };
    out.documentLinksPayloadBaseline = await payloadBaseline(node, list);
    // Following a link: its target is filled in by documentLink/resolve.
    const resolves: number[] = [];
    for (let i = 0; i < list.length; i += Math.max(1, Math.floor(list.length / 100))) {
      const t = performance.now();
      await s.conn.sendRequest('documentLink/resolve', list[i]);
      resolves.push(performance.now() - t);
    }
    out.documentLinkResolve = { runs: resolves.length, p50Ms: round(percentile(resolves, 50)), p95Ms: round(percentile(resolves, 95)) };
    out.requestBaselineEmptyDoc = { runs: base.length, p50Ms: round(percentile(base, 50)), p95Ms: round(percentile(base, 95)) };
    out.requestTarget = 'p95 < 5 ms';
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: emptyUri } });
  } finally {
    s.proc.kill();
  }

  // Memory: a fresh server, ten 350 KB briefs open, then closed. "Returns it" is measured against
  // a warm idle server: one such brief opened, analysed and closed first, so the engine and table
  // are loaded and the code has run and been compiled (memory the process keeps for good whatever
  // it is given to do). The fresh server's figure is reported too.
  const m = await startServer(node);
  try {
    // Wait until the resident size has stopped falling (the server collects IDLE_MS after closes).
    const settled = async () => {
      let last = rssMB(m.proc.pid!);
      for (let i = 0; i < 30; i++) {
        await sleep(200);
        const now = rssMB(m.proc.pid!);
        if (i >= 5 && now >= last - 0.5) return now;
        last = now;
      }
      return last;
    };
    const idle = rssMB(m.proc.pid!);
    const warmUri = 'file:///bench/warm.md';
    await m.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: warmUri, languageId: 'markdown', version: 1, text: BRIEF } });
    await m.waitDiagnostics(warmUri, 1, 20000);
    await m.conn.sendNotification('textDocument/didClose', { textDocument: { uri: warmUri } });
    const warmIdle = await settled();
    for (let i = 0; i < 10; i++) {
      const u = `file:///bench/mem${i}.md`;
      await m.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 1, text: BRIEF + `\n${i}` } });
      await m.waitDiagnostics(u, 1, 20000);
    }
    const open = rssMB(m.proc.pid!);
    for (let i = 0; i < 10; i++) await m.conn.sendNotification('textDocument/didClose', { textDocument: { uri: `file:///bench/mem${i}.md` } });
    const closed = await settled();
    out.memoryTenBriefs = {
      idleRssMB: idle,
      warmIdleRssMB: warmIdle,
      openRssMB: open,
      afterCloseRssMB: closed,
      /** Of what the ten briefs added over the warm idle server, the share given back on closing. */
      returnedShare: round((open - closed) / (open - warmIdle), 2),
      target: 'open < 150 MB',
    };
  } finally {
    m.proc.kill();
  }
  return out;
}

/** Opens a document of `mb` megabytes made of copies of `source` (the opinion unless given): first diagnostics, and the server's size after. */
async function openLarge(s: Server, name: string, mb: number, source = opinion) {
  const big = repeatTo(source, mb * 1024 * 1024);
  const u = `file:///bench/${name}.md`;
  const t = performance.now();
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 1, text: big } });
  const d = await s.waitDiagnostics(u, 1, 60000);
  const firstDiagnosticsMs = round(performance.now() - t);
  // The status (with the count of every problem) follows the diagnostics.
  for (let i = 0; i < 200 && !s.problems.has(u); i++) await sleep(10);
  const out = {
    firstDiagnosticsMs,
    diagnostics: d.diagnostics.length,
    problems: s.problems.get(u),
    partialNotice: d.diagnostics.some((x) => /partial/i.test(typeof x.message === 'string' ? x.message : (x.message as { value: string }).value)),
    serverRssMB: rssMB(s.proc.pid!),
  };
  await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
  return out;
}

/**
 * Large documents, on two fresh servers:
 *   - open5MB: the 5 MB document is the first document the server is sent. Nothing in the
 *     process has seen citations yet: V8 has compiled none of the engine, and the engine's name
 *     and lookup caches are empty. The headline figure.
 *   - open5MBAfterBrief: the 350 KB brief is opened, analysed and closed first. The brief and the
 *     5 MB document are both copies of the opinion, so this is the same text met a second time
 *     (compiled code and caches primed by it), kept beside the previous benchmarks' figure.
 *   - open20MB and the dense Markdown stress case, on that second server after it.
 */
async function largeDocsBench(node: string) {
  const out: Record<string, unknown> = {};
  const cold = await startServer(node);
  try {
    out.open5MB = await openLarge(cold, 'first5MB', 5);
  } finally {
    cold.proc.kill();
  }
  const s = await startServer(node);
  try {
    const uri = 'file:///bench/before-large.md';
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: BRIEF } });
    await s.waitDiagnostics(uri, 1, 10000);
    await s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    out.open5MBAfterBrief = await openLarge(s, 'open5MB', 5);
    out.open20MB = await openLarge(s, 'open20MB', 20);
    out.open5MBDenseMarkdown = await openLarge(s, 'dense5MB', 5, DENSE_MARKDOWN);
  } finally {
    s.proc.kill();
  }
  return out;
}

/** How many times the server benchmark runs on each Node (BENCH_RUNS, default 5). */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5) || 5);

/** The median of each number across runs, field by field; anything else is taken from the first run. */
function medians(xs: unknown[]): unknown {
  const first = xs[0];
  if (typeof first === 'number') {
    const sorted = (xs as number[]).slice().sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  }
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(first)) out[k] = medians(xs.map((x) => (x as Record<string, unknown>)[k]));
    return out;
  }
  return first;
}

/**
 * The machine's speed at this moment: a full extraction + checks of the 350 KB brief in this
 * process, the median of five (the engine has been warmed by the engine benchmark before).
 */
function machineSpeedMs(): number {
  const ts: number[] = [];
  for (let i = 0; i < 5; i++) ts.push(fullCheckMs(BRIEF));
  return round(percentile(ts, 50));
}

/**
 * A server's runs summed up: every figure is the median of the runs (this machine's speed drifts
 * by half or more between runs of the same code), `spread` gives the lowest and highest of the
 * headline figures, and `machineFullCheckMs` the machine's speed taken before each run.
 */
function summary(runs: Record<string, unknown>[], speeds: number[]): Record<string, unknown> {
  const pick = (path: string) => runs.map((r) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], r) as number);
  const range = (v: number[]) => [Math.min(...v), Math.max(...v)];
  const headline = {
    keystrokeP95Ms: pick('keystrokeToDiagnostics350KB.p95Ms'),
    documentLinksP95Ms: pick('documentLinksWholeBrief.p95Ms'),
    open5MBMs: pick('open5MB.firstDiagnosticsMs'),
    open5MBAfterBriefMs: pick('open5MBAfterBrief.firstDiagnosticsMs'),
    tenBriefsOpenRssMB: pick('memoryTenBriefs.openRssMB'),
  };
  return {
    ...(medians(runs) as Record<string, unknown>),
    runs: runs.length,
    machineFullCheckMs: { median: medians(speeds), perRun: speeds },
    spread: Object.fromEntries(Object.entries(headline).map(([k, v]) => [k, range(v)])),
    /** Each run's headline figures, in the order of machineFullCheckMs.perRun. */
    perRun: headline,
  };
}

/**
 * The Node that runs the server inside the real VS Code measured here: code-server's, from the
 * same setup script the end-to-end tests use (it installs it when missing). Falls back to this
 * process's Node, and says so, when the setup cannot run.
 */
function editorNode(): { path: string; runtime: { node: string; what: string } } {
  try {
    const out = cp.execFileSync('bash', [path.join(root, 'scripts/setup-code-server.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const node = /^PINCITE_NODE24=(.+)$/m.exec(out)?.[1]?.trim();
    if (node && fs.existsSync(node)) {
      const version = cp.execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
      return { path: node, runtime: { node: version, what: "code-server's extension host (the real VS Code of the end-to-end tests)" } };
    }
  } catch (err) {
    console.error(`bench: code-server's Node is not available (${err instanceof Error ? err.message : String(err)}); measuring the server on this Node only`);
  }
  return { path: process.execPath, runtime: { node: process.version, what: "this machine's Node (code-server's was not available)" } };
}

async function main() {
  results.engine = engineBench();
  (results.engine as Record<string, unknown>).keystroke350KB = keystrokeEngineBench();
  // The server runs on the Node of the editor's extension host. The real VS Code measured here is
  // code-server, whose extension host runs Node 24; the manifest's oldest VS Code (1.91) has
  // Node 20, the Node this benchmark runs on. Both are measured.
  const editor = editorNode();
  const servers = [{ key: 'server', node: editor.path, runtime: editor.runtime }];
  if (editor.path !== process.execPath) {
    servers.push({ key: 'serverOnThisNode', node: process.execPath, runtime: { node: process.version, what: "this machine's Node (the oldest extension host the manifest allows)" } });
  }
  const runs = servers.map(() => [] as Record<string, unknown>[]);
  const speeds = servers.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    for (let k = 0; k < servers.length; k++) {
      speeds[k]!.push(machineSpeedMs());
      runs[k]!.push({ ...(await serverBench(servers[k]!.node)), ...(await largeDocsBench(servers[k]!.node)) });
    }
  }
  servers.forEach((s, k) => (results[s.key] = { runtime: s.runtime, ...summary(runs[k]!, speeds[k]!) }));
  const vsix = path.join(root, 'pincite.vsix');
  results.vsixKB = fs.existsSync(vsix) ? round(fs.statSync(vsix).size / 1024, 1) : null;
  const e2e = path.join(root, 'test-output/e2e-timings.json');
  results.realVsCode = fs.existsSync(e2e) ? JSON.parse(fs.readFileSync(e2e, 'utf8')) : null;
  fs.writeFileSync(path.join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
