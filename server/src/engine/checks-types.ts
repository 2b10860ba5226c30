// What the checker returns: plain offsets and stable codes, no editor types. The LSP glue turns
// a Finding into a Diagnostic (code, data) and its fixes into CodeActions.
import type { Severity } from '../settings';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** One right answer: marked preferred, and applied by fix-all. */
  preferred: boolean;
}

export interface Finding {
  /** Stable kebab-case rule code (rules.ts is the source of truth). */
  code: string;
  severity: Exclude<Severity, 'off'>;
  start: number;
  end: number;
  message: string;
  fixes: Fix[];
  /** Index of the citation in the ExtractResult this finding is about. */
  citation?: number;
  /** Related places (the antecedent of a short form / id.). */
  related?: { start: number; end: number; message: string }[];
}
