// Which documents have a change waiting: counted when the transport reads a didChange, uncounted
// when the server has applied it. The analyzer does not analyse a version when a newer one is
// already waiting (its handler will ask again), so a burst of edits is analysed once, at its end.
// Counts are only a hint: a change the document store ignores (unknown document, no changes) is
// uncounted too, a closed document's count is cleared, and the analyzer never waits on a count
// for longer than QUEUE_WAIT_MS.
import type { Message } from 'vscode-languageserver/node';
import type { EditSpan } from '../engine/incremental';

/**
 * The longest the analyzer defers to a change it was told is waiting (that change's arrival
 * normally reschedules at once; this only bounds a miscount). Under the 20 ms keystroke budget.
 */
export const QUEUE_WAIT_MS = 15;

export class ChangeQueue {
  private readonly waiting = new Map<string, number>();
  /** Messages read so far, of any kind (the collection after closes waits for this to stay still). */
  reads = 0;

  /** A message was read (not yet handled). */
  received(m: Message): void {
    this.reads++;
    const n = m as { method?: unknown; params?: { textDocument?: { uri?: unknown } } };
    if (n.method !== 'textDocument/didChange') return;
    const uri = n.params?.textDocument?.uri;
    if (typeof uri !== 'string') return;
    this.waiting.set(uri, (this.waiting.get(uri) ?? 0) + 1);
  }

  /** A didChange for the document was handled (applied, ignored or failed). */
  handled(uri: unknown): void {
    if (typeof uri !== 'string') return;
    const n = this.waiting.get(uri);
    if (n === undefined) return;
    if (n <= 1) this.waiting.delete(uri);
    else this.waiting.set(uri, n - 1);
  }

  /** Changes read but not yet handled for the document. */
  pending(uri: string): number {
    return this.waiting.get(uri) ?? 0;
  }

  clear(uri: string): void {
    this.waiting.delete(uri);
  }
}

export interface Span {
  /** Characters before the first change. */
  head: number;
  /** Characters after the last change. */
  tail: number;
}

/**
 * The region changed since a document's last analysis, merged over every change applied since:
 * the incremental analysis then need not compare the old and new texts to find it. Only
 * single-range changes are tracked; anything else (a whole-text change, several ranges in one
 * event) makes the region unknown, and the engine finds it by comparing the texts.
 */
export class EditTracker {
  private readonly spans = new Map<string, Span | 'unknown'>();

  /**
   * What a didChange will change, measured on the document before it is applied (the document
   * store updates its documents in place, so this must run first).
   */
  static measure(beforeText: string, offsetAt: (p: { line: number; character: number }) => number, changes: unknown): Span | 'unknown' {
    const list = Array.isArray(changes) ? changes : [];
    const c = list[0] as { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text?: unknown } | undefined;
    if (list.length !== 1 || !c?.range || typeof c.text !== 'string') return 'unknown';
    const a = offsetAt(c.range.start);
    const b = offsetAt(c.range.end);
    return { head: Math.min(a, b), tail: beforeText.length - Math.max(a, b) };
  }

  /** A change measured by `measure` was applied to the document. */
  applied(uri: string, span: Span | 'unknown'): void {
    const cur = this.spans.get(uri);
    if (span === 'unknown' || cur === 'unknown') this.spans.set(uri, 'unknown');
    else this.spans.set(uri, cur ? { head: Math.min(cur.head, span.head), tail: Math.min(cur.tail, span.tail) } : span);
  }

  /**
   * The region changed between a text of length oldLength (the last analysis) and one of
   * newLength (now), and forgets it: the next analysis starts from this one.
   */
  take(uri: string, oldLength: number, newLength: number): EditSpan | undefined {
    const s = this.spans.get(uri);
    this.spans.delete(uri);
    if (!s || s === 'unknown') return undefined;
    const e0 = s.head;
    const e1Old = oldLength - s.tail;
    const e1New = newLength - s.tail;
    if (e0 < 0 || e1Old < e0 || e1New < e0) return undefined;
    return { e0, e1Old, e1New };
  }

  /** Forgets the document (closed, or analysed from scratch). */
  clear(uri: string): void {
    this.spans.delete(uri);
  }
}
