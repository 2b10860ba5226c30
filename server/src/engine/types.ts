// The engine's public data model. Pure data: no editor imports anywhere under engine/.
// Every offset is a UTF-16 code-unit offset into the ORIGINAL document text (what JS string
// indices are), half-open [start, end).

export type DocKind = 'markdown' | 'plaintext' | 'latex';

export interface Span {
  start: number;
  end: number;
}

/** A piece of the citation: the exact source range plus its normalized text. */
export interface Part extends Span {
  /** Normalized text (whitespace collapsed, emphasis/markup removed, curly quotes straightened). */
  text: string;
}

export type CitationKind =
  | 'full-case'
  | 'short-case'
  | 'id'
  | 'supra'
  | 'statute'
  | 'rule'
  | 'constitution'
  | 'internal';

/** Defects found while parsing: the checker turns these into diagnostics. */
export type DefectCode =
  | 'pin-page-prefix' // `at p. 396`, `pp. 12–14`
  | 'pin-span-reversed' // `451–49` where the end reads below the start
  | 'pin-span-repetitious' // `1201–1202` keeps digits it should drop
  | 'pin-span-too-short' // `1201–2` drops digits it should keep (Indigo R5.1.2 keeps the last two)
  | 'pin-span-spaced' // spaces around the dash `378 – 81`
  | 'pin-missing-comma' // `883 F.3d 941 944`
  | 'short-missing-at' // `Graham, 490 U.S. 396` in a short form
  | 'pin-passim-with-page' // `passim` combined with a page
  | 'pin-star-missing' // a WL/Lexis pin without `*`
  | 'reporter-variant' // reporter written in a non-canonical form (`F. 3d`, `S.Ct.`)
  | 'section-spacing' // `§1983`, `§ §`, `§§` for a single section, `§` for a range
  | 'versus-form' // `vs.`, `v` without period, `V.`
  | 'court-malformed' // `7 Cir.`, `2nd Cir.`, `7th Circuit`
  | 'year-missing' // a full cite with no year parenthetical
  | 'en-banc-inside-court' // `(7th Cir. 1988 en banc)`
  | 'id-capitalization' // `Id.` mid-sentence or `id.` starting a citation sentence
  | 'signal-form' // `See e.g.`, `See, e.g.` missing comma, italics aside
  | 'wl-missing-date' // WL cite without full date
  | 'wl-missing-docket'; // WL cite without docket number

export interface Defect extends Span {
  code: DefectCode;
  /** The corrected text for [start, end) when the correction is certain, else undefined. */
  replacement?: string;
  /** Human-readable detail (what was found / expected). */
  detail?: string;
}

export type PinKind = 'page' | 'span' | 'footnote' | 'star' | 'passim' | 'paragraph' | 'section';

export interface Pin extends Part {
  kind: PinKind;
  /** First page (or star page / paragraph) as a number where numeric. */
  first?: number;
  /** Last page of a span, fully expanded (`1201–02` → 1202). */
  last?: number;
  /** Footnote number(s): `n.5` → [5], `nn.5–6` → [5, 6]. */
  footnotes?: number[];
  /** The page a footnote pin sits on (`24 n.5` → 24, with first = 24). */
}

export type ParentheticalKind =
  | 'court-year' // (7th Cir. 2019), (2007), (N.D. Ill. Jan. 5, 2020)
  | 'en-banc'
  | 'per-curiam'
  | 'opinion-author' // (Sykes, J., dissenting), (plurality opinion)
  | 'quoting'
  | 'citing'
  | 'alteration' // (alteration in original), (emphasis added), (cleaned up), (internal quotation marks omitted)
  | 'explanatory'; // anything else: (holding that …)

export interface Parenthetical extends Part {
  kind: ParentheticalKind;
  /** Indexes (into the result's `citations`) of citations nested inside this parenthetical. */
  nested: number[];
}

export interface ReporterCite {
  volume: Part & { value: number };
  reporter: Part & {
    /** Canonical reporters-db abbreviation (e.g. `F.3d` for `F. 3d`). */
    canonical: string;
  };
  /** First page; absent for `__` blank pages. For WL/Lexis the document number. */
  page?: Part & { value: number };
}

export interface CaseName extends Part {
  /** The parties: [plaintiff side, defendant side]; `In re X` has one. */
  parties: Part[];
  /** For a short form: the name word (`Graham`, `Horton`). */
}

export interface Resolution {
  status: 'resolved' | 'no-antecedent' | 'ambiguous' | 'internal';
  /** Index into `citations` of the full citation this one refers to (when resolved). */
  antecedent?: number;
  /** For `id.`: index of the immediately preceding citation it follows (even if ambiguous). */
  previous?: number;
  detail?: string;
}

/**
 * One citation. Its [start, end) runs from the signal (when there is one) or the case name /
 * first part, through the last parenthetical. Citations nested in a parenthetical are separate
 * entries (with `parent`), and their ranges lie inside the parent's range.
 */
export interface Citation extends Span {
  kind: CitationKind;
  /** Normalized text of the whole citation. */
  text: string;
  signal?: Part;
  name?: CaseName;
  /** The primary reporter cite (full and short case cites). */
  cite?: ReporterCite;
  /** Parallel cites after the primary one (`550 U.S. 372, 127 S. Ct. 1769`). */
  parallel: ReporterCite[];
  pins: Pin[];
  court?: Part;
  year?: Part & { value: number };
  /** A full date where given (`Jan. 5, 2020`), ISO `YYYY-MM-DD` in `text`. */
  date?: Part;
  docket?: Part;
  parentheticals: Parenthetical[];
  /** Index of the citation whose parenthetical contains this one, if nested. */
  parent?: number;
  /** Statutes / rules / constitutions. */
  code?: Part; // `U.S.C.`, `Fed. R. Civ. P.`, `U.S. Const.`
  title?: Part; // `42` in 42 U.S.C.
  sections?: Part[]; // `1983`, `1291–1292`, `56(a)`, `amend. IV`
  /** Internal references (`Majority op. at 19`, `slip op. at 12`): the label. */
  label?: Part;
  /** Whether `Id.`/`id.` starts a citation sentence. */
  sentenceStart?: boolean;
  defects: Defect[];
  resolution?: Resolution;
}

export interface ExtractResult {
  citations: Citation[];
  /** True when analysis stopped early (document over the size limit). */
  partial?: boolean;
}
