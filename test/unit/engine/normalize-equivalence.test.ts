// The normalize equals the reference implementation exactly (text, the offsets of every normalized
// char, the original length), in all three document kinds: on the opinion and the fixtures, and on
// random texts from generators aimed at what normalization treats specially — Markdown and LaTeX
// markup, every whitespace character, CRLF/CR/LS/PS line ends, whitespace runs longer than the
// 400-char hyphen look-ahead, words hyphenated across line breaks (ASCII and not), page headers,
// surrogates (paired, lone, split by dropped markup), random code units — and on calls whose
// lengths go up and down (normalize reuses its work arrays) and a text too long for them.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalize } from '../../../server/src/engine/normalize';
import { normalize as reference } from './normalize-reference';

const root = path.resolve(__dirname, '../../..');
const opinion = fs.readFileSync(path.join(root, 'server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
const KINDS = ['plaintext', 'markdown', 'latex'] as const;
type Kind = (typeof KINDS)[number];

/** Every whitespace char normalize knows (isWsCode), and a few that are not whitespace. */
const WS = [' ', '\t', '\n', '\v', '\f', '\r', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2005', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff'];
const NOT_WS = ['\u0000', '\u0008', '\u001f', '\u007f', '\u0084', '\u0086', '\u00ad', '\u180e', '\u200c', '\u2060'];
const LINE_ENDS = ['\n', '\r\n', '\r', '\u2028', '\u2029', '\n\n', '\r\n\r\n'];
const LETTERS = ['a', 'b', 'q', 'z', 'A', 'Q', 'Z', 'é', 'É', 'ß', 'σ', 'Σ', 'ǅ', 'ı', 'İ', 'ﬀ', 'ж', 'Ж', 'ª', 'ǃ', '中'];
const DIGITS = ['0', '1', '7', '9', '٣'];
const DASHES = ['-', '–', '—', '--', '---', '----', '‐', '−'];
const PUNCT = [',', '.', ';', ':', ')', '(', '!', '?', '"', "'", '/', '&', '$', '#', '@', '§', '¶'];
const QUOTES = ['‘', '’', 'ʼ', '“', '”', '`', '``', "''", '„'];
const SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d\ude00', '\ud83d', '\ude00', '\ud800\ud800\udc00', '\udc00\ud800'];
const MARKDOWN = ['*', '**', '_', '__', '`', '\\', '\\*', '\\_', '\\[', '\\]', '\\(', '\\)', '\\#', '\\`', '\\\\', '\\a', '[', ']', '(', ')', '[x](http://a.b/c)', '[a b](u "t")', '[a](u "t"', '[\n](u)', '[a]\n(u)', '[](x)', '[a](b c)', '[^1]', '[^note]:', '[^ ]', '[^]', '[^' + 'x'.repeat(41) + ']', 'snake_case', '_a_', '*a*', '#', '[[a](b)](c)', '](', '[a](b)c)'];
const LATEX = ['\\emph{', '\\textit{', '}', '{', '{}', '%', '% comment\n', '%\n', '%', '~', '\\S', '\\S1', '\\Sigma', '\\P', '\\Pa', '\\P ', '\\par', '\\quad', '\\qquad', '\\newline', '\\footnote{', '\\foo*', '\\*', '\\\\', '\\ ', '\\,', '\\;', '\\&', '\\%', '\\_', '\\$', '\\#', '\\{', '\\}', '\\é', '\\', '--', '---', '``', "''", '`'];
const HEADERS = ['No. 20-1754 13', 'No. 20-1754   13', '12   No. 20-1754', '12 No.20-1754', '\u00a0No. 20-1754\t13\u00a0', 'No. 20-1754 13 x', 'No. 1-2 3', '123456 No. 20-1754', 'No. 20-1754', 'xNo. 20-1754 13'];
const WORDS = ['ques', 'tion', 'Smith', 'Jones', '1201', '02', 'F.3d', '981', '984', 'v.', 'U.S.', 'at', 'Id.', 'See', 'cf.', 'the'];

function same(text: string, kind: Kind): void {
  const a = reference(text, kind);
  const norm = normalize(text, kind);
  const b = { ...norm, ...norm.map.arrays() };
  const what = () => `${JSON.stringify(text.length > 300 ? text.slice(0, 300) + '…' : text)} (${kind}, length ${text.length})`;
  assert.strictEqual(b.text, a.text, `text of ${what()}`);
  assert.strictEqual(b.originalLength, a.originalLength, `originalLength of ${what()}`);
  assert.strictEqual(b.start.length, a.start.length, `start length of ${what()}`);
  assert.strictEqual(b.end.length, a.end.length, `end length of ${what()}`);
  for (let i = 0; i < a.start.length; i++) {
    if (b.start[i] !== a.start[i] || b.end[i] !== a.end[i]) {
      assert.fail(`offsets of normalized char ${i} of ${what()}: [${b.start[i]}, ${b.end[i]}) instead of [${a.start[i]}, ${a.end[i]})`);
    }
  }
}

function rng(seed: number): () => number {
  // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('engine: normalize equals the reference', function () {
  this.timeout(120000);

  it('on the opinion and the test fixtures', function () {
    for (const kind of KINDS) same(opinion, kind);
    for (const kind of KINDS) same(opinion.replace(/\n/g, '\r\n'), kind);
    const dir = path.join(root, 'test/fixtures');
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const f of walk(dir).filter((f) => /\.(md|txt|tex|brief)$/.test(f))) for (const kind of KINDS) same(fs.readFileSync(f, 'utf8'), kind);
  });

  it('on small and edge-case texts', function () {
    const texts = ['', ' ', '\n', '-', '–', 'a', 'a-', '-a', 'a-\n', 'a-\nb', 'a -\nb', '\\', '%', '*', '_', '`', '[', '\ud800', '\udc00', '\ud800\udc00', 'a\ud800', '\udc00a', ' \n ', 'No. 20-1754 13', '\nNo. 20-1754 13\n', 'x\n, y', 'x\n. y', 'x \n) y', 'x\n  :', 'x ;', '\n,', ',\n,'];
    // a replaced group (\\S, '', ``, --) right before a hyphen that joins; links and footnote markers at their length limits
    texts.push('\\S-\n x', 'a\\P-\n\tb', "``-\n x", "a''-\r\n b", '--\n x', 'x---\n y', '\\S--\n x', 'a\\foo-\n  bar', 'x \\foo-\n bar');
    for (const k of [299, 300, 301]) texts.push(`[${'a'.repeat(k)}](u)`, `x [${'a'.repeat(k)}](${'u'.repeat(k + 200)}) y`);
    for (const k of [39, 40, 41]) texts.push(`x[^${'n'.repeat(k)}]: y`);
    texts.push(`[a](${'u'.repeat(500)})`, `[a](${'u'.repeat(501)})`, `[a](u "${'t'.repeat(200)}")`, `[a](u "${'t'.repeat(201)}")`);
    // the hyphen look-ahead stops 400 chars after the dash: a line break just inside or just past it
    for (let k = 395; k <= 401; k++) texts.push(`a-${' '.repeat(k)}\nb`, `1–${'\t'.repeat(k)}\r\n2`, `x-${'{}'.repeat(k >> 1)}\n  y`, `ab-${' '.repeat(k)}\n\n c`);
    for (const t of texts) for (const kind of KINDS) same(t, kind);
    // Every code unit alone, and between letters, and after a space and before a line break.
    for (let c = 0; c < 0x10000; c += c < 0x3000 ? 1 : 7) {
      const ch = String.fromCharCode(c);
      for (const kind of KINDS) same(`a${ch}b ${ch}\n${ch}-\n${ch} x-${ch}\ny`, kind);
    }
  });

  it('on random strings of special pieces', function () {
    const pieces = [...WS, ...NOT_WS, ...LINE_ENDS, ...LETTERS, ...DIGITS, ...DASHES, ...PUNCT, ...QUOTES, ...SURROGATES, ...MARKDOWN, ...LATEX, ...HEADERS.map((h) => '\n' + h + '\n'), ...WORDS, 'ques-\n  tion', 'Smith-\r\n  Jones', '1201–\n02', '  ', '    ', '\n    ', ' \n'];
    const rnd = rng(12345);
    for (const kind of KINDS) {
      for (let k = 0; k < 6000; k++) {
        let t = '';
        const len = 1 + Math.floor(rnd() * (k % 10 === 0 ? 300 : 40));
        for (let i = 0; i < len; i++) t += pieces[Math.floor(rnd() * pieces.length)];
        same(t, kind);
      }
    }
  });

  it('on words hyphenated (or not) across line breaks, with whitespace runs up to and past the 400-char look-ahead', function () {
    const rnd = rng(777);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const gap = (): string => {
      // whitespace with or without a line break, sometimes with markup that is dropped or is whitespace
      let g = '';
      const parts = 1 + Math.floor(rnd() * 6);
      for (let p = 0; p < parts; p++) {
        const r = rnd();
        if (r < 0.45) g += pick(WS).repeat(1 + Math.floor(rnd() * 4));
        else if (r < 0.65) g += pick(LINE_ENDS);
        else if (r < 0.72) g += ' '.repeat(Math.floor(rnd() * 450));
        else if (r < 0.78) g += pick(['%c\n', '{', '}', '~', '*', '`', '\\ ', '\\quad', '\\par', '\\foo', '[^n]', '_']);
        else if (r < 0.84) g += '\n' + pick(HEADERS) + '\n';
        else g += pick(['\t', '\u00a0', '  ']);
      }
      return g;
    };
    const word = (): string => {
      let w = '';
      const n = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) w += rnd() < 0.8 ? pick(LETTERS) : pick(DIGITS);
      return w;
    };
    for (const kind of KINDS) {
      for (let k = 0; k < 4000; k++) {
        let t = rnd() < 0.3 ? pick(WS) : '';
        const n = 1 + Math.floor(rnd() * 6);
        for (let i = 0; i < n; i++) {
          t += word();
          if (rnd() < 0.15) t += pick(['\\S', '\\P', "''", '``', '`', '--', '*', '_', '}', '\\emph', '[^1]', '\u2019']);
          const r = rnd();
          if (r < 0.6) t += pick(['-', '-', '–', '—', '--', '-'.repeat(1 + Math.floor(rnd() * 3))]);
          else if (r < 0.7) t += pick(PUNCT);
          else if (r < 0.75) t += pick(SURROGATES);
          t += gap();
          if (rnd() < 0.3) t += pick(PUNCT);
        }
        if (rnd() < 0.5) t += word();
        same(t, kind);
      }
    }
  });

  it('on random code units', function () {
    const rnd = rng(4242);
    for (const kind of KINDS) {
      for (let k = 0; k < 3000; k++) {
        const len = Math.floor(rnd() * 200);
        const codes: number[] = [];
        for (let i = 0; i < len; i++) {
          const r = rnd();
          if (r < 0.4) codes.push(32 + Math.floor(rnd() * 95));
          else if (r < 0.55) codes.push(WS[Math.floor(rnd() * WS.length)]!.charCodeAt(0));
          else if (r < 0.7) codes.push('-–*_\\`[]()%{}~\'"^#:,.;'.charCodeAt(Math.floor(rnd() * 23)));
          else if (r < 0.8) codes.push(0xd800 + Math.floor(rnd() * 0x800));
          else if (r < 0.9) codes.push(Math.floor(rnd() * 0x10000));
          else codes.push([0x2018, 0x2019, 0x02bc, 0x201c, 0x201d, 0x2013, 0x2014][Math.floor(rnd() * 7)]!);
        }
        same(String.fromCharCode(...codes), kind);
      }
    }
  });

  it('on slices of the opinion, plain and with markup, line ends and surrogates spliced in', function () {
    const rnd = rng(99);
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const inserts = [...MARKDOWN, ...LATEX, ...SURROGATES, ...QUOTES, ...WS, '\r\n', '\u2028', ' '.repeat(420)];
    for (const kind of KINDS) {
      for (let k = 0; k < 120; k++) {
        const a = Math.floor(rnd() * opinion.length);
        let t = opinion.slice(a, a + Math.floor(rnd() * 6000));
        if (k % 2 === 1) {
          const m = 1 + Math.floor(rnd() * 40);
          for (let i = 0; i < m; i++) {
            const p = Math.floor(rnd() * (t.length + 1));
            t = t.slice(0, p) + pick(inserts) + t.slice(p);
          }
        }
        if (k % 5 === 0) t = t.replace(/\n/g, pick(['\r\n', '\r', '\u2028']));
        same(t, kind);
      }
    }
  });

  it('when lengths go up and down between calls, and past the reused work arrays', function () {
    const rnd = rng(5);
    const long = [opinion, opinion.replace(/ /g, '\u00a0'), opinion.replace(/-/g, '–')].join('\n\n');
    for (let k = 0; k < 30; k++) {
      const kind = KINDS[k % 3]!;
      const len = k % 3 === 0 ? long.length : Math.floor(rnd() * 5000);
      const a = Math.floor(rnd() * (long.length - len + 1));
      same(long.slice(a, a + len), kind);
      same('*x*-\n y ' + long.slice(a, a + 7), kind);
    }
    // Beyond what normalize keeps work arrays for (1M chars): it allocates them for the call.
    const huge = Array.from({ length: 12 }, () => opinion).join('\n');
    same(huge, 'markdown');
    same(opinion.slice(0, 1000), 'latex');
  });
});
