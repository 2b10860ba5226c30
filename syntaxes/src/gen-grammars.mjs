// Generates the TextMate grammars from the patterns below, so regexes are written once with
// readable escapes. Run: node syntaxes/src/gen-grammars.mjs  (the outputs are committed).
//   syntaxes/citations.injection.json  scope citations.injection.pincite, injected into
//                                      Markdown and LaTeX (package.json `injectTo`)
//   syntaxes/brief.tmLanguage.json     scope text.brief, for *.brief files
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// `--out DIR` writes elsewhere (the grammar test uses it to check the committed files are current).
const outArg = process.argv.indexOf('--out');
const dir = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const S = '.pincite';

// One reporter token: "U." "S." "Ct." "F." "4th" "2d" "Supp." "App'x" "N.E.2d" ...
const tok = String.raw`(?:[A-Z][A-Za-z]{0,6}\.|App['’]x|\d(?:d|th)\b)`;
const reporter = String.raw`${tok}(?: ?${tok})*`;
// 1983, 1.1, 56(a)(1), 2000e-5; a period ending the sentence is not part of it.
const sectionNum = String.raw`\d[\w()-]*(?:\.[\w()-]+)*(?:\s*[-–]\s*\d[\w()-]*(?:\.[\w()-]+)*)?`;
const pageNum = String.raw`\d{1,5}`;
const pinSpan = String.raw`\d{1,5}(?:\s*[-–—]\s*\d{1,5})?(?:\s*(?:n|nn)\.\s*\d+)?`;
// A party name: capitalised words with the small words allowed inside names.
const word = String.raw`[A-Z][\w.'’&-]*`;
const small = String.raw`(?:of|the|and|for|ex rel\.|de|la|du|in re|&)`;
const party = String.raw`${word}(?:\s+(?:${word}|${small}))*?`;
const party2 = String.raw`${word}(?:\s+(?:${word}|${small}))*`;
const notLeading = String.raw`(?!(?:In|See|The|But|Cf|Under|As|And|Also|Compare|Accord|Contra|Because|When|While|Here|There|This|That)\s)`;

const patterns = {
  signal: {
    name: `keyword.other.signal${S}`,
    match: String.raw`(?<![\w.])(?:[Ss]ee,? e\.g\.,|[Ss]ee also|[Ss]ee generally|[Bb]ut see|[Bb]ut cf\.|[Ss]ee|[Cc]f\.|[Cc]ompare|[Aa]ccord|[Cc]ontra|E\.g\.,)(?=,?\s+(?:[*_]{0,2}[A-Z0-9§]|[*_]{0,2}[Ii]d\.))`,
  },
  'case-name': {
    match: String.raw`(?<![\w.])${notLeading}(${party})\s+(v\.)\s+(${party2})(?![\w'’&-])`,
    captures: {
      1: { name: `entity.name.party.plaintiff${S}` },
      2: { name: `keyword.operator.versus${S}` },
      3: { name: `entity.name.party.defendant${S}` },
    },
  },
  'in-re': {
    match: String.raw`(?<![\w.])(In re)\s+(${party})(?=[*_]{0,2},)`,
    captures: { 1: { name: `keyword.operator.in-re${S}` }, 2: { name: `entity.name.party${S}` } },
  },
  'short-cite': {
    // 550 U.S. at 380   (short form)
    match: String.raw`(?<![\w.])(\d{1,4})\s+(${reporter})\s+(at)\s+(${pinSpan})`,
    captures: {
      1: { name: `constant.numeric.volume${S}` },
      2: { name: `support.type.reporter${S}` },
      3: { name: `keyword.other.at${S}` },
      4: { name: `constant.numeric.pin${S}` },
    },
  },
  'reporter-cite': {
    // 550 U.S. 372, 380   (full form; the pin is optional)
    match: String.raw`(?<![\w.])(\d{1,4})\s+(${reporter})\s+(${pageNum}|_{3,})(?:(,)\s*(${pinSpan}))?(?![\w])`,
    captures: {
      1: { name: `constant.numeric.volume${S}` },
      2: { name: `support.type.reporter${S}` },
      3: { name: `constant.numeric.page${S}` },
      4: { name: `punctuation.separator.pin${S}` },
      5: { name: `constant.numeric.pin${S}` },
    },
  },
  'court-year': {
    // (2007)  (7th Cir. 2018)  (N.D. Ill. 2019)  (en banc ... ) is left alone
    match: String.raw`(\()((?:\d+(?:st|nd|rd|th)\s+)?(?:[A-Z][A-Za-z'’.]*\.?\s+)*?)((?:1[6-9]|20)\d{2})(\))`,
    captures: {
      1: { name: `punctuation.definition.parenthetical.begin${S}` },
      2: { name: `entity.name.court${S}` },
      3: { name: `constant.numeric.year${S}` },
      4: { name: `punctuation.definition.parenthetical.end${S}` },
    },
  },
  id: {
    // Id.  id. at 11   Id. at 380–81
    match: String.raw`(?<![\w.])([Ii]d\.)(?:\s+(at)\s+(${pinSpan}))?`,
    captures: {
      1: { name: `keyword.other.id${S}` },
      2: { name: `keyword.other.at${S}` },
      3: { name: `constant.numeric.pin${S}` },
    },
  },
  statute: {
    // 42 U.S.C. § 1983   28 C.F.R. §§ 1.1–1.3
    match: String.raw`(?<![\w.])(\d{1,3})\s+(U\.\s?S\.\s?C\.(?:\s?A\.)?|C\.\s?F\.\s?R\.|Stat\.)\s*(?:(§§?)\s*(${sectionNum}))?`,
    captures: {
      1: { name: `constant.numeric.title${S}` },
      2: { name: `support.type.code${S}` },
      3: { name: `keyword.operator.section${S}` },
      4: { name: `constant.numeric.section${S}` },
    },
  },
  rule: {
    // Fed. R. Civ. P. 56(a)   Fed. R. Evid. 403
    match: String.raw`(Fed\.\s?R\.\s?(?:Civ\.\s?P\.|Crim\.\s?P\.|App\.\s?P\.|Evid\.))\s+(\d+(?:\([A-Za-z0-9]+\))*)`,
    captures: { 1: { name: `support.type.rule${S}` }, 2: { name: `constant.numeric.section${S}` } },
  },
  section: {
    // a bare section: § 1983, §§ 2–3
    match: String.raw`(§§?)\s*(${sectionNum})`,
    captures: { 1: { name: `keyword.operator.section${S}` }, 2: { name: `constant.numeric.section${S}` } },
  },
};

// Order matters when two patterns match at the same position: the first wins.
const order = ['signal', 'id', 'statute', 'rule', 'short-cite', 'reporter-cite', 'in-re', 'case-name', 'court-year', 'section'];
const repository = Object.fromEntries(order.map((k) => [k, patterns[k]]));
const includes = order.map((k) => ({ include: `#${k}` }));
const header = 'Generated by syntaxes/src/gen-grammars.mjs: edit that file, not this one.';

const injection = {
  $comment: header,
  scopeName: 'citations.injection.pincite',
  injectionSelector:
    'L:text.html.markdown -markup.fenced_code -markup.inline.raw -markup.raw -comment, L:text.tex.latex -comment -markup.raw -meta.embedded',
  patterns: [{ include: '#citations' }],
  repository: { citations: { patterns: includes }, ...repository },
};
const brief = {
  $comment: header,
  name: 'Legal Brief',
  scopeName: 'text.brief',
  fileTypes: ['brief'],
  patterns: [{ include: '#citations' }],
  repository: { citations: { patterns: includes }, ...repository },
};
fs.writeFileSync(path.join(dir, 'citations.injection.json'), JSON.stringify(injection, null, 2) + '\n');
fs.writeFileSync(path.join(dir, 'brief.tmLanguage.json'), JSON.stringify(brief, null, 2) + '\n');
console.log(`wrote citations.injection.json and brief.tmLanguage.json to ${dir}`);
