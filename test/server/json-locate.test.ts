// Placing problems in the user's authorities file: JSON pointers and syntax errors → offsets.
import * as assert from 'node:assert/strict';
import { jsonSyntaxErrorAt, locateJsonPointer } from '../../server/src/lsp/json-locate';

describe('authorities file: locating problems', () => {
  const text = '{\n  "authorities": [\n    { "id": "a", "type": "case", "cites": [ { "volume": "x" } ] },\n    { "id": "b~/c" }\n  ]\n}';

  it('finds the key of a member named by a JSON pointer', () => {
    const r = locateJsonPointer(text, '/authorities/0/cites/0/volume')!;
    assert.equal(text.slice(r.start, r.end), '"volume"');
    const id = locateJsonPointer(text, '/authorities/1/id')!;
    assert.equal(text.slice(id.start, id.end), '"id"');
    assert.ok(id.start > r.start);
  });

  it('stops at the deepest part of the path that exists', () => {
    const r = locateJsonPointer(text, '/authorities/1/name')!;
    assert.equal(text[r.start], '{', 'the entry itself');
    const root = locateJsonPointer(text, '/')!;
    assert.equal(root.start, 0);
    assert.equal(locateJsonPointer('not json', '/a'), undefined);
  });

  it('finds where a text stops being JSON', () => {
    assert.equal(jsonSyntaxErrorAt('{"a": 1}'), undefined);
    assert.equal(jsonSyntaxErrorAt('{ "authorities": [ }'), 19);
    assert.equal(jsonSyntaxErrorAt('[1, 2,]'), 6);
    assert.equal(jsonSyntaxErrorAt('{"a": tru}'), 6);
    assert.equal(jsonSyntaxErrorAt('{"a": 1} x'), 9);
    assert.equal(jsonSyntaxErrorAt('"unterminated'), 13);
    assert.equal(jsonSyntaxErrorAt(''), 0);
    assert.equal(jsonSyntaxErrorAt('['.repeat(500)), 200, 'deep nesting is cut off, not a stack overflow');
  });
});
