// Offsets ↔ positions. The engine speaks UTF-16 offsets into the original text; the protocol
// speaks line/character positions. This file is the only place that converts between them.
import type { Position, Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Anything that maps offsets to positions and back (a TextDocument or a LineIndex). */
export interface PositionMapper {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  getText(): string;
}

function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/**
 * A position from a client, clamped into the document: past the last line → end of text; past
 * the end of a line → end of that line; negative or malformed → start. Never throws.
 */
export function offsetAt(doc: PositionMapper, position: unknown): number {
  const p = position as Partial<Position> | null | undefined;
  if (!p || typeof p !== 'object') return 0;
  const line = isInt(p.line) ? Math.max(0, Math.floor(p.line)) : 0;
  const character = isInt(p.character) ? Math.max(0, Math.floor(p.character)) : 0;
  return doc.offsetAt({ line, character });
}

export function positionAt(doc: PositionMapper, offset: number): Position {
  const len = doc.getText().length;
  const o = isInt(offset) ? Math.min(Math.max(0, offset), len) : 0;
  return doc.positionAt(o);
}

export function rangeOf(doc: PositionMapper, start: number, end: number): Range {
  const s = positionAt(doc, start);
  const e = positionAt(doc, Math.max(start, end));
  return { start: s, end: e };
}

export function offsetsOf(doc: PositionMapper, range: unknown): { start: number; end: number } {
  const r = range as Partial<Range> | null | undefined;
  const start = offsetAt(doc, r?.start);
  const end = offsetAt(doc, r?.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

/** A line index over a fixed text (the bundled opinion). */
export function lineIndex(text: string): PositionMapper {
  return TextDocument.create('pincite-index:/text', 'plaintext', 0, text);
}

/** One-based line number of an offset, for messages ("cited on line 22"). */
export function lineNumberAt(doc: PositionMapper, offset: number): number {
  return positionAt(doc, offset).line + 1;
}
