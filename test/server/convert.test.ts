// The server's documents build their line index with lineStarts instead of the library's own
// loop; positions must come out exactly as the library's, before and after edits.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createDocument, lineStarts } from '../../server/src/lsp/convert';

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['a', 'Id. at 5', ' ', '\n', '\r', '\r\n', '\n\r', '\u2028', '\ud83d', '\ude00', '§', 'x\r\n\r\n', '\t'];

function randomText(r: () => number, n: number): string {
  let t = '';
  for (let i = 0; i < n; i++) t += PIECES[Math.floor(r() * PIECES.length)];
  return t;
}

function samePositions(mine: TextDocument, lib: TextDocument, what: string): void {
  const text = lib.getText();
  assert.equal(mine.getText(), text, what);
  assert.equal(mine.lineCount, lib.lineCount, `${what}: line count`);
  for (let o = -1; o <= text.length + 1; o++) assert.deepEqual(mine.positionAt(o), lib.positionAt(o), `${what}: positionAt(${o})`);
  for (let line = 0; line <= lib.lineCount; line++) {
    for (const character of [0, 1, 3, 1000]) {
      assert.equal(mine.offsetAt({ line, character }), lib.offsetAt({ line, character }), `${what}: offsetAt(${line}:${character})`);
    }
  }
}

describe('line index (convert.ts)', () => {
  it('finds the line starts TextDocument finds, for \\n, \\r\\n and lone \\r', () => {
    const cases = ['', 'a', '\n', '\r', '\r\n', '\n\r', 'a\rb\nc\r\nd', '\r\r\n\n', 'end\r', 'x\n\n\r\r\n'];
    const r = rng(7);
    for (let k = 0; k < 300; k++) cases.push(randomText(r, Math.floor(r() * 40)));
    for (const text of cases) {
      const lib = TextDocument.create('x:/lib', 'plaintext', 0, text);
      const starts = lineStarts(text);
      assert.equal(starts.length, lib.lineCount, JSON.stringify(text));
      starts.forEach((s, line) => assert.equal(s, lib.offsetAt({ line, character: 0 }), `${JSON.stringify(text)} line ${line}`));
    }
  });

  it('gives documents the positions of the library, before and after random edits', () => {
    const r = rng(42);
    for (let k = 0; k < 60; k++) {
      const text = randomText(r, 5 + Math.floor(r() * 60));
      const mine = createDocument('x:/mine', 'markdown', 1, text);
      const lib = TextDocument.create('x:/lib', 'markdown', 1, text);
      samePositions(mine, lib, `text ${k}`);
      for (let e = 0; e < 8; e++) {
        const a = Math.floor(r() * (lib.getText().length + 1));
        const b = Math.min(lib.getText().length, a + Math.floor(r() * 4));
        const change = { range: { start: lib.positionAt(a), end: lib.positionAt(b) }, text: randomText(r, Math.floor(r() * 3)) };
        TextDocument.update(mine, [change], e + 2);
        TextDocument.update(lib, [change], e + 2);
        samePositions(mine, lib, `text ${k} after edit ${e}`);
      }
    }
  });

  it('builds the index when the document is made (the library still keeps it where this expects)', () => {
    const doc = createDocument('x:/d', 'markdown', 1, 'one\ntwo\r\nthree');
    // If a new version of vscode-languageserver-textdocument moved its line list, createDocument
    // would silently fall back to the library's own (slower) build: this is where that shows.
    assert.deepEqual((doc as unknown as { _lineOffsets?: number[] })._lineOffsets, [0, 4, 9]);
  });
});
