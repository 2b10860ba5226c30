// The change bookkeeping behind incremental analysis (server/src/lsp/changes.ts): the queue of
// didChange messages read but not yet applied, and the region changed since the last analysis.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChangeQueue, EditTracker } from '../../server/src/lsp/changes';

describe('change queue', () => {
  it('counts didChange messages read and not yet handled, per document', () => {
    const q = new ChangeQueue();
    const change = (uri: string) => ({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [] } });
    q.received(change('a'));
    q.received(change('a'));
    q.received(change('b'));
    q.received({ jsonrpc: '2.0', method: 'textDocument/hover', id: 1, params: { textDocument: { uri: 'a' } } } as never);
    assert.equal(q.pending('a'), 2);
    assert.equal(q.pending('b'), 1);
    q.handled('a');
    assert.equal(q.pending('a'), 1);
    q.clear('a');
    assert.equal(q.pending('a'), 0);
    q.handled('a'); // a late handled() after a close never goes negative
    assert.equal(q.pending('a'), 0);
    q.received({ jsonrpc: '2.0', method: 'textDocument/didChange', params: null } as never); // malformed: ignored
  });
});

describe('edit tracker', () => {
  it('gives the region that changed over any sequence of single-range edits', () => {
    const base = 'Scott v. Harris, 550 U.S. 372, 380 (2007).\nId. at 381.\n\nSee Graham v. Connor, 490 U.S. 386 (1989).\n';
    const editArb = fc.record({ a: fc.nat(200), b: fc.nat(200), text: fc.string({ maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
        const t = new EditTracker();
        let doc = TextDocument.create('u', 'plaintext', 1, base);
        for (const e of edits) {
          const range = { start: doc.positionAt(e.a), end: doc.positionAt(e.b) };
          const span = EditTracker.measure(doc.getText(), (p) => doc.offsetAt(p), [{ range, text: e.text }]);
          doc = TextDocument.update(doc, [{ range, text: e.text }], doc.version + 1);
          t.applied('u', span);
        }
        const after = doc.getText();
        const h = t.take('u', base.length, after.length);
        assert.ok(h, 'known');
        // Outside the region the texts agree; the region is as the edits made it.
        assert.equal(base.slice(0, h.e0), after.slice(0, h.e0));
        assert.equal(base.slice(h.e1Old), after.slice(h.e1New));
        assert.equal(t.take('u', after.length, after.length), undefined, 'taking resets it');
      }),
      { numRuns: 300 },
    );
  });

  it('gives up (unknown) on whole-text and multi-range changes', () => {
    const t = new EditTracker();
    const doc = TextDocument.create('u', 'plaintext', 1, 'abc');
    t.applied('u', EditTracker.measure('abc', (p) => doc.offsetAt(p), [{ text: 'xyz' }]));
    assert.equal(t.take('u', 3, 3), undefined);
    const r = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    t.applied('u', EditTracker.measure('abc', (p) => doc.offsetAt(p), [{ range: r, text: 'q' }, { range: r, text: 'w' }]));
    t.applied('u', EditTracker.measure('abc', (p) => doc.offsetAt(p), [{ range: r, text: 'q' }]));
    assert.equal(t.take('u', 3, 3), undefined, 'unknown stays unknown until taken');
  });
});
