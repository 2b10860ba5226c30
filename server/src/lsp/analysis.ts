// Per-document analysis: extraction + findings for the latest version, computed in-process once
// the changes already received are applied (a burst of edits is analysed once), incrementally from
// the previous version's snapshot (engine/incremental.ts), cached for hover, links, definition,
// references and symbols. No worker thread: handing a 350 KB brief's ~900 citations between
// threads costs ~15 ms a keystroke (structured clone), more than the incremental analysis itself.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Citation, DocKind, ExtractResult } from '../engine/types';
import type { EditSpan, Snapshot } from '../engine/incremental';
import type { Finding } from '../engine/checks-types';
import type { Authority } from '../engine/table-types';
import { DEFAULT_SETTINGS, type PinciteSettings } from '../settings';
import type { Engine, TableView } from './engine-api';
import { QUEUE_WAIT_MS, type EditTracker } from './changes';

/** The pause in editing after which an incremental analysis is checked against a full one. */
export const VERIFY_AFTER_MS = 1500;
/**
 * Documents with more citations are not checked in full after a pause: a full check of one takes
 * 100 ms or more (12,000 citations in 5 MB: 100–350 ms), long enough to delay a keystroke typed
 * just then.
 */
export const VERIFY_MAX_CITATIONS = 4000;

export interface Analysis {
  uri: string;
  version: number;
  languageId: string;
  /** The document text this analysis is for (all of it; only a prefix may have been analysed). */
  text: string;
  kind: DocKind;
  settings: PinciteSettings;
  enabled: boolean;
  /** Characters analysed (less than text.length when the document is over maxDocumentSize). */
  analysedLength: number;
  partial: boolean;
  extraction: ExtractResult;
  findings: Finding[];
  table: TableView;
  /** The engine's snapshot of the analysed text (the next version's analysis starts from it). */
  snapshot?: Snapshot;
  /** Milliseconds the engine took. */
  elapsedMs: number;
  /** Why the analysis produced nothing (the engine failed or ran too long). */
  failed?: string;
}

export function docKind(languageId: string): DocKind {
  if (languageId === 'markdown') return 'markdown';
  if (languageId === 'latex' || languageId === 'tex') return 'latex';
  return 'plaintext';
}

/** Where to cut a document over the size limit: at a line break near the limit if there is one. */
export function cutPoint(text: string, max: number): number {
  if (text.length <= max) return text.length;
  const nl = text.lastIndexOf('\n', max);
  return nl > max * 0.9 ? nl + 1 : max;
}

interface Prepared {
  base: Omit<Analysis, 'analysedLength' | 'partial' | 'extraction' | 'findings' | 'elapsedMs'>;
  cut: number;
  analysed: string;
}

function prepare(table: TableView, doc: TextDocument, settings: PinciteSettings): Prepared {
  const text = doc.getText();
  const kind = docKind(doc.languageId);
  const enabled = settings.enable && settings.languages.includes(doc.languageId);
  const base = { uri: doc.uri, version: doc.version, languageId: doc.languageId, text, kind, settings, enabled, table };
  const cut = enabled ? cutPoint(text, settings.maxDocumentSize) : 0;
  return { base, cut, analysed: cut < text.length ? text.slice(0, cut) : text };
}

interface EngineResult {
  snapshot: Snapshot;
  findings: Finding[];
  elapsedMs: number;
}

function assemble(p: Prepared, r: EngineResult | undefined, failed?: string): Analysis {
  if (!p.base.enabled || !r) {
    const a: Analysis = { ...p.base, analysedLength: 0, partial: false, extraction: { citations: [] }, findings: [], elapsedMs: 0 };
    if (failed) a.failed = failed;
    return a;
  }
  return {
    ...p.base,
    analysedLength: p.cut,
    partial: p.cut < p.base.text.length,
    extraction: { citations: r.snapshot.citations },
    findings: r.findings,
    elapsedMs: r.elapsedMs,
    snapshot: r.snapshot,
  };
}

/** Runs the engine on the prepared text, from the previous snapshot when there is one. */
function run(engine: Engine, p: Prepared, settings: PinciteSettings, prev: Snapshot | undefined, hint?: EditSpan): EngineResult {
  const t0 = performance.now();
  const snapshot = engine.update(prev, p.analysed, p.base.kind, hint);
  const findings = engine.check(p.analysed, p.base.kind, settings, p.base.table, { citations: snapshot.citations }, { now: snapshot, prev });
  return { snapshot, findings, elapsedMs: performance.now() - t0 };
}

/** The innermost citation whose span contains the offset (or ends exactly at it). */
export function citationAt(a: Analysis, offset: number): number | undefined {
  const cs = a.extraction.citations;
  let best: number | undefined;
  let bestLen = Infinity;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (offset >= c.start && offset <= c.end) {
      const len = c.end - c.start;
      const strictlyInside = offset < c.end;
      // Prefer a citation the offset is strictly inside; break ties by the shorter span.
      const score = len + (strictlyInside ? 0 : 1e9);
      if (score < bestLen) {
        best = i;
        bestLen = score;
      }
    }
  }
  return best;
}

export interface Target {
  /** The table entry the citation refers to, directly or through its antecedent. */
  authority?: Authority;
  /** Index of the full citation a short form / id. / supra refers to. */
  antecedent?: number;
  /** The pin page to use for "nearest use" (own pin, else the preceding cite's for id.). */
  pinPage?: number;
}

const SHORT_KINDS = new Set(['id', 'short-case', 'supra']);

export function isShortKind(c: Citation): boolean {
  return SHORT_KINDS.has(c.kind);
}

function firstPin(c: Citation | undefined): number | undefined {
  const p = c?.pins[0];
  if (!p) return undefined;
  if (typeof p.first === 'number' && Number.isFinite(p.first)) return p.first;
  const m = /\d+/.exec(p.text);
  return m ? Number(m[0]) : undefined;
}

/** What a citation refers to. Never throws on odd indexes. */
export function targetOf(a: Analysis, index: number): Target {
  const cs = a.extraction.citations;
  const c = cs[index];
  if (!c) return {};
  let pinPage = firstPin(c);
  if (isShortKind(c)) {
    const r = c.resolution;
    const ante = r && r.status === 'resolved' && typeof r.antecedent === 'number' && cs[r.antecedent] && r.antecedent !== index ? r.antecedent : undefined;
    if (pinPage === undefined && c.kind === 'id' && typeof r?.previous === 'number') pinPage = firstPin(cs[r.previous]);
    let authority: Authority | undefined;
    if (ante !== undefined) authority = safeLookup(a.table, cs[ante]!);
    if (!authority && c.kind === 'short-case') authority = safeLookup(a.table, c);
    return { authority, antecedent: ante, pinPage };
  }
  return { authority: safeLookup(a.table, c), pinPage };
}

function safeLookup(t: TableView, c: Citation): Authority | undefined {
  try {
    return t.lookup(c);
  } catch {
    return undefined;
  }
}

/**
 * A key identifying the authority a citation refers to, for references and symbols: the table
 * id when known, else the normalized reporter cite or provision.
 */
export function authorityKey(a: Analysis, index: number, depth = 0): string | undefined {
  const cs = a.extraction.citations;
  const c = cs[index];
  if (!c || depth > 3) return undefined;
  const t = targetOf(a, index);
  if (t.authority) return `id:${t.authority.id}`;
  if (isShortKind(c)) return t.antecedent !== undefined ? authorityKey(a, t.antecedent, depth + 1) : undefined;
  if (c.kind === 'internal') return undefined;
  if (c.cite) return `cite:${c.cite.volume.value} ${c.cite.reporter.canonical} ${c.cite.page?.value ?? ''}`;
  if (c.code || c.sections) {
    return `prov:${[c.title?.text, c.code?.text, ...(c.sections ?? []).map((s) => s.text)].filter(Boolean).join(' ').toLowerCase()}`;
  }
  return `text:${c.text}`;
}

/**
 * Owns the analysis cache and the scheduling. `ensure` gives the analysis of a document's current
 * version; work for a version that is no longer current is dropped.
 */
export class Analyzer {
  private readonly cache = new Map<string, Analysis>();
  /** The last engine snapshot per document: independent of settings and table, so kept across both. */
  private readonly snapshots = new Map<string, Snapshot>();
  /** Documents whose snapshot is of a text cut at maxDocumentSize. */
  private readonly cutSnapshots = new Set<string>();
  private readonly timers = new Map<string, { wait: boolean; cancel: () => void }>();
  private readonly running = new Map<string, Promise<Analysis | undefined>>();
  /** Pending checks of an incremental analysis against a full one, after a pause in editing. */
  private readonly verifiers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Bumped when settings or the table change: work started before is not cached or published. */
  private generation = 0;

  constructor(
    private readonly deps: {
      engine: Engine;
      table: () => TableView;
      document: (uri: string) => TextDocument | undefined;
      settings: (uri: string) => Promise<PinciteSettings>;
      cachedSettings: (uri: string) => PinciteSettings | undefined;
      /** Called with each fresh analysis of the current version. */
      onAnalysed: (a: Analysis) => void;
      log: (message: string) => void;
      /** How many changes to the document are received but not applied yet (0 when unknown). */
      queued?: (uri: string) => number;
      /** Where each document changed since its last analysis, when known. */
      edits?: EditTracker;
      /** How long after the last incremental analysis to check it against a full check (VERIFY_AFTER_MS). */
      verifyAfterMs?: number;
      /** Documents with more citations are not checked in full after a pause (VERIFY_MAX_CITATIONS). */
      verifyMaxCitations?: number;
    },
  ) {}

  /**
   * Schedules an analysis of the document's latest version: once the changes already applied
   * are, unless a newer change is already waiting to be applied (its arrival schedules again; a
   * wait never lasts longer than QUEUE_WAIT_MS).
   */
  schedule(uri: string): void {
    const t = this.timers.get(uri);
    if (t && !t.wait) return; // the pending run will pick up the latest version
    t?.cancel();
    const h = setImmediate(() => {
      this.timers.delete(uri);
      if ((this.deps.queued?.(uri) ?? 0) > 0) {
        const w = setTimeout(() => {
          this.timers.delete(uri);
          this.start(uri);
        }, QUEUE_WAIT_MS);
        this.timers.set(uri, { wait: true, cancel: () => clearTimeout(w) });
        return;
      }
      this.start(uri);
    });
    this.timers.set(uri, { wait: false, cancel: () => clearImmediate(h) });
  }

  private start(uri: string): void {
    void this.ensure(uri).catch((err: unknown) => this.deps.log(`Pincite: analysis failed for ${uri}: ${errorText(err)}`));
  }

  /** The analysis of the document's current version, computing it if needed. */
  async ensure(uri: string): Promise<Analysis | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = this.deps.document(uri);
      if (!doc) return undefined;
      const hit = this.cache.get(uri);
      if (hit && hit.version === doc.version && hit.languageId === doc.languageId) return hit;
      const pending = this.running.get(uri);
      if (pending) {
        await pending;
        continue;
      }
      const p = this.runOnce(uri);
      this.running.set(uri, p);
      try {
        const a = await p;
        if (a) return a;
      } finally {
        if (this.running.get(uri) === p) this.running.delete(uri);
      }
    }
    // The document kept changing under us: analyse what is there now, synchronously.
    const doc = this.deps.document(uri);
    return doc ? this.now(doc) : undefined;
  }

  private async runOnce(uri: string): Promise<Analysis | undefined> {
    const first = this.deps.document(uri);
    if (!first) return undefined;
    const gen = this.generation;
    // Settings are cached per document after the first read: then no await, no turn of the loop.
    const settings = this.deps.cachedSettings(uri) ?? (await this.deps.settings(uri));
    const doc = this.deps.document(uri);
    if (!doc || doc.version !== first.version) return undefined; // a newer version is on its way
    if (gen !== this.generation) return undefined;
    return this.compute(doc, settings, true);
  }

  /** Analyses the document (synchronously), caches and publishes the result when `publish`. */
  private compute(doc: TextDocument, settings: PinciteSettings, publish: boolean): Analysis {
    const p = prepare(this.deps.table(), doc, settings);
    let r: EngineResult | undefined;
    let failed: string | undefined;
    if (p.base.enabled) {
      try {
        const prev = this.snapshots.get(doc.uri);
        // Taken (and so reset) at every analysis; usable only between whole texts, not a document
        // cut at the size limit.
        const hint = this.deps.edits?.take(doc.uri, prev?.text.length ?? 0, p.analysed.length);
        const whole = p.cut === p.base.text.length;
        r = run(this.deps.engine, p, settings, prev, prev && whole && !this.cutSnapshots.has(doc.uri) ? hint : undefined);
        this.snapshots.set(doc.uri, r.snapshot);
        if (whole) this.cutSnapshots.delete(doc.uri);
        else this.cutSnapshots.add(doc.uri);
      } catch (err) {
        failed = err instanceof Error ? err.message : String(err);
        this.snapshots.delete(doc.uri);
        this.deps.edits?.clear(doc.uri);
        this.deps.log(`Pincite: analysis of ${doc.uri} failed: ${errorText(err)}`);
      }
    }
    const a = assemble(p, r, failed);
    if (publish) {
      this.cache.set(doc.uri, a);
      this.deps.onAnalysed(a);
      if (r?.snapshot.stats.mode === 'incremental' && r.snapshot.citations.length <= (this.deps.verifyMaxCitations ?? VERIFY_MAX_CITATIONS)) this.scheduleVerify(doc.uri);
    }
    return a;
  }

  private scheduleVerify(uri: string): void {
    const old = this.verifiers.get(uri);
    if (old) clearTimeout(old);
    const t = setTimeout(() => {
      this.verifiers.delete(uri);
      try {
        this.verify(uri);
      } catch (err) {
        this.deps.log(`Pincite: the full check of ${uri} failed: ${errorText(err)}`);
      }
    }, this.deps.verifyAfterMs ?? VERIFY_AFTER_MS);
    t.unref?.();
    this.verifiers.set(uri, t);
  }

  /**
   * A safety net under the findings carried over edits (checks.ts, checkWithMemo): once editing
   * pauses, the current analysis is checked in full; should the two differ, the full check's
   * findings are published and the difference is logged. True when they agree, undefined when there
   * is nothing current to check.
   */
  verify(uri: string): boolean | undefined {
    const a = this.cache.get(uri);
    const doc = this.deps.document(uri);
    if (!a || !doc || a.version !== doc.version || a.languageId !== doc.languageId || !a.snapshot || !a.enabled) return undefined;
    const analysed = a.analysedLength < a.text.length ? a.text.slice(0, a.analysedLength) : a.text;
    // Without a previous snapshot the engine checks in full (and keeps that check for the next edit).
    const full = this.deps.engine.check(analysed, a.kind, a.settings, a.table, a.extraction, { now: a.snapshot });
    if (JSON.stringify(full) === JSON.stringify(a.findings)) return true;
    this.deps.log(`Pincite: the findings carried over the edits to ${uri} differ from a full check (${a.findings.length} and ${full.length} findings); the full check's are shown. Please report this.`);
    const b: Analysis = { ...a, findings: full };
    this.cache.set(uri, b);
    this.deps.onAnalysed(b);
    return false;
  }

  /**
   * The analysis of the current version, synchronously (for requests that arrive between a change
   * and its scheduled analysis). Uses cached settings, or the defaults if none were read yet.
   */
  now(doc: TextDocument): Analysis {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version && hit.languageId === doc.languageId) return hit;
    const cached = this.deps.cachedSettings(doc.uri);
    return this.compute(doc, cached ?? { ...DEFAULT_SETTINGS, rules: {} }, cached !== undefined);
  }

  cached(uri: string): Analysis | undefined {
    return this.cache.get(uri);
  }

  /** Forgets a closed document: its analysis, snapshot and pending work. */
  forget(uri: string): void {
    const v = this.verifiers.get(uri);
    if (v) clearTimeout(v);
    this.verifiers.delete(uri);
    this.timers.get(uri)?.cancel();
    this.timers.delete(uri);
    this.cache.delete(uri);
    this.snapshots.delete(uri);
    this.cutSnapshots.delete(uri);
    this.deps.edits?.clear(uri);
  }

  /** Drops every cached analysis (settings or table changed); snapshots stay valid. */
  invalidateAll(): void {
    this.generation++;
    this.cache.clear();
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
