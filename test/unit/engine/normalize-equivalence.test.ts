// The normalize equals the reference implementation exactly (text and the
// offset of every normalized char), on the opinion, the fixtures and random strings built from the
// characters normalization treats specially.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalize } from '../../../server/src/engine/normalize';
import { normalize as reference } from './normalize-reference';

const root = path.resolve(__dirname, '../../..');
const opinion = fs.readFileSync(path.join(root, 'server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
const KINDS = ['plaintext', 'markdown', 'latex'] as const;
const PIECES = [' ', ' ', '  ', '\n', '\n\n', '\r\n', '\t', '\u00a0', 'a', 'b', 'Z', '1', '9', '-', '--', '---', '–', '*', '_', '\\', '\\S', '\\P', '\\emph{', '}', '{', '%', '~', '`', "'", "''", '``', '“', '’', ',', '.', ';', ')', '(', '[', ']', '(http://x)', '[^1]', '[^1]:', 'No. 20-1754 13', '\nNo. 20-1754   13\n', '\n12 No. 20-1754\n', '\\footnote{', '\\\\', '\\ ', '\ud800', '\udc00', 'é', 'ques-\n  tion', '\u2028', '\u200b', '\u0085', '#'];

function same(text: string, kind: (typeof KINDS)[number]): void {
  const a = reference(text, kind);
  const b = normalize(text, kind);
  assert.strictEqual(b.text, a.text, `text of ${JSON.stringify(text.slice(0, 200))} (${kind})`);
  assert.deepStrictEqual(Array.from(b.start), Array.from(a.start), `start offsets of ${JSON.stringify(text.slice(0, 200))} (${kind})`);
  assert.deepStrictEqual(Array.from(b.end), Array.from(a.end), `end offsets of ${JSON.stringify(text.slice(0, 200))} (${kind})`);
}

describe('engine: normalize equals the reference', function () {
  this.timeout(60000);
  it('on the opinion and the test fixtures', function () {
    for (const kind of KINDS) same(opinion, kind);
    const dir = path.join(root, 'test/fixtures');
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const f of walk(dir).filter((f) => /\.(md|txt|tex|brief)$/.test(f))) for (const kind of KINDS) same(fs.readFileSync(f, 'utf8'), kind);
  });
  it('on random strings of special characters, and random slices of the opinion', function () {
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (const kind of KINDS) {
      for (let k = 0; k < 4000; k++) {
        let t = '';
        const len = 1 + Math.floor(rnd() * 40);
        for (let i = 0; i < len; i++) t += PIECES[Math.floor(rnd() * PIECES.length)];
        same(t, kind);
      }
      for (let k = 0; k < 40; k++) {
        const a = Math.floor(rnd() * opinion.length);
        same(opinion.slice(a, a + 2000), kind);
      }
    }
  });
});
