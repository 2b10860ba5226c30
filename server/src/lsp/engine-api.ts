// The LSP glue's view of the engine: extraction, checking and the authority table, behind one
// small interface so the handlers do not depend on how each module spells its API.
import type { Citation, DocKind, ExtractResult } from '../engine/types';
import type { EditSpan, Snapshot } from '../engine/incremental';
import type { Finding } from '../engine/checks-types';
import type { Authority, AuthorityTableData } from '../engine/table-types';
import type { PinciteSettings } from '../settings';

/** One problem with the user's authorities file, with where it is when known. */
export interface TableProblem {
  message: string;
  /** UTF-16 offsets into the file text, when the problem can be placed. */
  start?: number;
  end?: number;
}

export interface TableView {
  readonly opinion: AuthorityTableData['opinion'];
  readonly authorities: readonly Authority[];
  /** The authority a citation names directly (full case cite, short cite with a reporter, statute…). */
  lookup(c: Citation): Authority | undefined;
  /** Authorities whose name, variant or short name matches the word (case-insensitive). */
  byName(word: string): Authority[];
}

export interface Engine {
  extract(text: string, kind: DocKind): ExtractResult;
  /**
   * The snapshot of `text`: incrementally from `prev` (a previous version's) when given; `edit`,
   * when known, is where the text changed since `prev` (else the texts are compared). `prev` is
   * consumed: the analyzer keeps only each document's latest snapshot, and the previous analysis
   * is never served once a newer version exists, so citations after the edit are moved in place.
   */
  update(prev: Snapshot | undefined, text: string, kind: DocKind, edit?: EditSpan): Snapshot;
  /**
   * The findings for an extraction. With `snapshots`, the extraction is `snapshots.now`'s, made by
   * update() from `snapshots.prev`: when that update changed no citation, the rules re-run only for
   * the citations whose reading reaches the edit, the rest carried over from prev's check.
   */
  check(text: string, kind: DocKind, settings: PinciteSettings, table: TableView, extraction: ExtractResult, snapshots?: { now: Snapshot; prev?: Snapshot }): Finding[];
  /** The bundled table. */
  bundled(): TableView;
  /** The bundled table merged with a user file's text; problems never thrown. */
  merge(userFileText: string): { table: TableView; problems: TableProblem[] };
  /** Documentation URL for a rule code. */
  ruleUrl(code: string): string | undefined;
}
