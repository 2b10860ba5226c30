// Findings → LSP diagnostics. Each diagnostic carries, in `data`, the fixes for its finding as
// edits relative to the diagnostic's start, with the text each edit expects to replace: the code
// action handler rebuilds the fixes from the diagnostic alone, even after edits elsewhere moved it.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Finding, Fix } from '../engine/checks-types';
import type { Analysis } from './analysis';
import { isShortKind } from './analysis';
import { lineIndex, rangeOf, type PositionMapper } from './convert';
import type { Engine } from './engine-api';

export const SOURCE = 'pincite';
export const PARTIAL_CODE = 'partial-analysis';
export const FAILED_CODE = 'analysis-failed';
export const MORE_CODE = 'more-problems';

/**
 * The most diagnostics published for one document, notices included. VS Code's extension host
 * keeps 1,000 a file (the most severe first) and drops the rest with a note of its own, so past
 * that, building, sending and converting them is work no one sees: the dense stress document's
 * 38,000 problems made an 18 MB message. Past the limit the most severe findings are published,
 * in document order, with one Information diagnostic saying how many more there are.
 */
export const MAX_DIAGNOSTICS = 1000;

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Which of `findings` to publish when there are more than `room`: the most severe, earliest first. */
function mostSevere(findings: readonly Finding[], room: number): Uint8Array {
  const keep = new Uint8Array(findings.length);
  let left = room;
  for (let rank = 0; rank < 4 && left > 0; rank++) {
    for (let i = 0; i < findings.length && left > 0; i++) {
      if ((SEVERITY_RANK[findings[i]!.severity] ?? 1) === rank) {
        keep[i] = 1;
        left--;
      }
    }
  }
  return keep;
}

export interface RelEdit {
  /** Offset of the edit's start relative to the diagnostic's start. */
  delta: number;
  /** The text the edit replaces (checked before applying). */
  old: string;
  newText: string;
}

export interface FixData {
  title: string;
  preferred: boolean;
  edits: RelEdit[];
}

export interface DiagnosticData {
  pincite: 1;
  fixes: FixData[];
  citation?: number;
}

/** Problems of a short form or id. where its antecedent is worth pointing at. */
const RESOLUTION_CODES = /^(?:short-|id-|supra-)|^(?:pin-out-of-range|cite-mismatch|case-name-misspelt)$/;

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function encodeFix(text: string, anchor: number, fix: Fix): FixData {
  return {
    title: fix.title,
    preferred: fix.preferred,
    edits: fix.edits.map((e) => ({ delta: e.start - anchor, old: text.slice(e.start, e.end), newText: e.newText })),
  };
}

export function isDiagnosticData(d: unknown): d is DiagnosticData {
  if (!d || typeof d !== 'object') return false;
  const x = d as Partial<DiagnosticData>;
  return x.pincite === 1 && Array.isArray(x.fixes);
}

export function toDiagnostics(a: Analysis, engine: Engine, mapper?: PositionMapper): Diagnostic[] {
  if (!a.enabled) return [];
  const m = mapper ?? lineIndex(a.text);
  if (a.failed) {
    return [
      {
        range: rangeOf(m, 0, 0),
        severity: DiagnosticSeverity.Information,
        code: FAILED_CODE,
        source: SOURCE,
        message: `Pincite could not check this document: ${a.failed}. Edit it to try again.`,
      },
    ];
  }
  const out: Diagnostic[] = [];
  const cs = a.extraction.citations;
  const findings = a.findings;
  const notices = a.partial ? 1 : 0;
  const room = MAX_DIAGNOSTICS - notices - 1;
  const keep = findings.length + notices > MAX_DIAGNOSTICS ? mostSevere(findings, room) : undefined;
  for (let i = 0; i < findings.length; i++) {
    if (keep && keep[i] === 0) continue;
    const f = findings[i]!;
    try {
      const start = Math.max(0, Math.min(f.start, a.text.length));
      const end = Math.max(start, Math.min(f.end, a.text.length));
      const d: Diagnostic = {
        range: rangeOf(m, start, end),
        severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
        code: f.code,
        source: SOURCE,
        message: f.message,
      };
      const href = engine.ruleUrl(f.code);
      if (href) d.codeDescription = { href };
      const data: DiagnosticData = { pincite: 1, fixes: f.fixes.map((fx) => encodeFix(a.text, start, fx)) };
      if (typeof f.citation === 'number') data.citation = f.citation;
      d.data = data;
      const related: DiagnosticRelatedInformation[] = (f.related ?? []).map((r) => ({
        location: { uri: a.uri, range: rangeOf(m, r.start, r.end) },
        message: r.message,
      }));
      // Short forms and id.: point at the antecedent when the checker did not.
      const c = typeof f.citation === 'number' ? cs[f.citation] : undefined;
      if (related.length === 0 && c && isShortKind(c) && RESOLUTION_CODES.test(f.code)) {
        const r = c.resolution;
        const idx = r?.antecedent ?? r?.previous;
        const ante = typeof idx === 'number' ? cs[idx] : undefined;
        if (ante) {
          related.push({
            location: { uri: a.uri, range: rangeOf(m, ante.start, ante.end) },
            message: `${r?.antecedent === idx ? 'Antecedent' : 'Preceding citation'}: ${ante.text}`,
          });
        }
      }
      if (related.length) d.relatedInformation = related;
      out.push(d);
    } catch {
      // A malformed finding is skipped, never fatal.
    }
  }
  if (keep) {
    const total = findings.length.toLocaleString('en-US');
    out.unshift({
      range: rangeOf(m, 0, 0),
      severity: DiagnosticSeverity.Information,
      code: MORE_CODE,
      source: SOURCE,
      message: `Pincite found ${total} problems in this document and lists the ${room.toLocaleString('en-US')} most serious: an editor shows at most ${MAX_DIAGNOSTICS.toLocaleString('en-US')} a file. The others appear as these are fixed (the status bar counts all ${total}); "Pincite: Fix All Citation Problems" fixes every one it can.`,
    });
  }
  if (a.partial) {
    out.push({
      range: rangeOf(m, a.analysedLength, a.text.length),
      severity: DiagnosticSeverity.Information,
      code: PARTIAL_CODE,
      source: SOURCE,
      message: `Pincite checked only the first ${a.analysedLength.toLocaleString('en-US')} of ${a.text.length.toLocaleString('en-US')} characters of this document (pincite.maxDocumentSize is ${a.settings.maxDocumentSize.toLocaleString('en-US')}). The analysis is partial: citations after this point are not checked.`,
    });
  }
  return out;
}
