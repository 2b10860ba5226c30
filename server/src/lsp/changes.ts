// Which documents have a change waiting: counted when the transport reads a didChange, uncounted
// when the server has applied it. The analyzer does not analyse a version when a newer one is
// already waiting (its handler will ask again), so a burst of edits is analysed once, at its end.
// Counts are only a hint: a change the document store ignores (unknown document, no changes) is
// uncounted too, a closed document's count is cleared, and the analyzer never waits on a count
// for longer than QUEUE_WAIT_MS.
import type { Message } from 'vscode-languageserver/node';

/** The longest the analyzer defers to a change it was told is waiting. */
export const QUEUE_WAIT_MS = 30;

export class ChangeQueue {
  private readonly waiting = new Map<string, number>();

  /** A message was read (not yet handled). */
  received(m: Message): void {
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
