// Unit tests for extract(): every citation form, exact original offsets, defects, resolution.
// Several examples are copied from The Indigo Book (CC0).
import * as assert from 'node:assert';
import { extract, formatAuthority, type Citation, type Span } from '../../../server/src/engine/index';

function cites(text: string, kind: 'plaintext' | 'markdown' | 'latex' = 'plaintext'): Citation[] {
  return extract(text, kind).citations;
}
const sl = (text: string, sp: Span | undefined): string | undefined => (sp ? text.slice(sp.start, sp.end) : undefined);
function codes(c: Citation): string[] {
  return c.defects.map((d) => d.code);
}
function defect(c: Citation, code: string) {
  const d = c.defects.find((x) => x.code === code);
  assert.ok(d, `expected defect ${code}, got ${JSON.stringify(codes(c))}`);
  return d;
}
function resolvedTo(all: Citation[], c: Citation): string | null {
  const r = c.resolution;
  return r?.status === 'resolved' && r.antecedent !== undefined ? formatAuthority(all[r.antecedent]!) : null;
}

describe('engine: full case citations', function () {
  it('parses every part with exact offsets (Indigo R15.3.1 example)', function () {
    const t = 'When the author of a work is a judge, it carries the force of law. Georgia v. Public.Resource.org, 140 S. Ct. 1498, 1513 (2020).';
    const [c] = cites(t);
    assert.ok(c);
    assert.strictEqual(c.kind, 'full-case');
    assert.strictEqual(sl(t, c.name), 'Georgia v. Public.Resource.org');
    assert.deepStrictEqual(c.name!.parties.map((p) => sl(t, p)), ['Georgia', 'Public.Resource.org']);
    assert.strictEqual(sl(t, c.cite!.volume), '140');
    assert.strictEqual(c.cite!.volume.value, 140);
    assert.strictEqual(sl(t, c.cite!.reporter), 'S. Ct.');
    assert.strictEqual(c.cite!.reporter.canonical, 'S. Ct.');
    assert.strictEqual(sl(t, c.cite!.page), '1498');
    assert.deepStrictEqual(c.pins.map((p) => sl(t, p)), ['1513']);
    assert.strictEqual(c.year!.value, 2020);
    assert.strictEqual(sl(t, c.year), '2020');
    assert.strictEqual(c.court, undefined);
    assert.strictEqual(sl(t, c), 'Georgia v. Public.Resource.org, 140 S. Ct. 1498, 1513 (2020)');
    assert.strictEqual(c.parentheticals[0]!.kind, 'court-year');
    assert.deepStrictEqual(codes(c), []);
  });

  it('keeps commas inside a defendant name (Google LLC v. Oracle Am., Inc.)', function () {
    const t = 'Fair use is ultimately a legal question. Google LLC v. Oracle Am., Inc., 141 S. Ct. 1183, 1199 (2021).';
    const [c] = cites(t);
    assert.strictEqual(sl(t, c!.name), 'Google LLC v. Oracle Am., Inc.');
    assert.strictEqual(sl(t, c!.name!.parties[1]), 'Oracle Am., Inc.');
  });

  it('finds the name start after signals and sentence ends', function () {
    const t =
      'See Estate of Valverde ex rel. Padilla v. Dodge, 967 F.3d 1049 (10th Cir. 2020); City & Cnty. of San Francisco v. Sheehan, 575 U.S. 600, 611 (2015); see also U.S. Bank N.A. v. Village at Lakeridge, LLC, 138 S. Ct. 960, 966 (2018). The court agreed. Ashcroft v. al-Kidd, 563 U.S. 731, 743 (2011); In re Gault, 387 U.S. 1, 13 (1967).';
    const cs = cites(t);
    assert.deepStrictEqual(
      cs.map((c) => sl(t, c.name)),
      ['Estate of Valverde ex rel. Padilla v. Dodge', 'City & Cnty. of San Francisco v. Sheehan', 'U.S. Bank N.A. v. Village at Lakeridge, LLC', 'Ashcroft v. al-Kidd', 'In re Gault'],
    );
    assert.strictEqual(sl(t, cs[0]!.signal), 'See');
    assert.strictEqual(sl(t, cs[2]!.signal), 'see also');
    assert.strictEqual(cs[2]!.cite!.reporter.canonical, 'S. Ct.');
    assert.deepStrictEqual(cs[4]!.name!.parties.map((p) => sl(t, p)), ['Gault']);
  });

  it('handles the opinion layout: reporter on its own line, page header inside, hyphenated (cit-\\ning', function () {
    const t =
      'facts.” Horton v. Pobjecky, \n    883 F.3d 941\n    , 944 (7th Cir. 2018) (cit-\n    No. 20-1754                                                      3\n    ing Scott, \n    550 U.S. at\n     378–81). When';
    const cs = cites(t);
    assert.strictEqual(cs.length, 2);
    const [h, s] = cs as [Citation, Citation];
    assert.strictEqual(sl(t, h.name), 'Horton v. Pobjecky');
    assert.strictEqual(sl(t, h.cite!.volume), '883');
    assert.deepStrictEqual(h.pins.map((p) => sl(t, p)), ['944']);
    assert.strictEqual(sl(t, h.court), '7th Cir.');
    assert.strictEqual(h.parentheticals[1]!.kind, 'citing');
    assert.deepStrictEqual(h.parentheticals[1]!.nested, [1]);
    assert.strictEqual(s.parent, 0);
    assert.strictEqual(s.kind, 'short-case');
    assert.strictEqual(sl(t, s.name), 'Scott');
    assert.deepStrictEqual(s.pins.map((p) => sl(t, p)), ['378–81']);
    assert.strictEqual(s.pins[0]!.last, 381);
  });

  it('a capitalized word ending a sentence is not part of the next name; abbreviations are', function () {
    const t = 'The court relied on Smith. Jones v. Clark, 630 F.3d 677 (7th Cir. 2011). Construed in his favor. King v. Hendricks Cnty. Comm’rs, 954 F.3d 981, 984 (7th Cir. 2020); Witt v. West Va. State Police, Troop 2, 633 F.3d 272, 276-77 (4th Cir. 2011).';
    const cs = cites(t);
    assert.deepStrictEqual(cs.map((c) => c.name?.text), ['Jones v. Clark', "King v. Hendricks Cnty. Comm'rs", 'Witt v. West Va. State Police, Troop 2']);
    assert.strictEqual(sl(t, cs[1]!.name), 'King v. Hendricks Cnty. Comm’rs');
  });

  it('parallel citations', function () {
    const t = 'Scott v. Harris, 550 U.S. 372, 127 S. Ct. 1769, 167 L. Ed. 2d 686 (2007).';
    const [c] = cites(t);
    assert.strictEqual(c!.parallel.length, 2);
    assert.strictEqual(sl(t, c!.parallel[0]!.volume), '127');
    assert.strictEqual(c!.parallel[1]!.reporter.canonical, 'L. Ed. 2d');
    assert.strictEqual(sl(t, c!.parallel[1]!.page), '686');
  });

  it('chains of parentheticals with nested quoting/citing citations', function () {
    const t =
      'Rakovich v. Wade, 850 F.2d 1180, 1201–02 (7th Cir. 1988) (en banc) (citing Mitchell v. Forsyth, 472 U.S. 511, 528 (1985), and Harlow v. Fitzgerald, 457 U.S. 800, 817–19 (1982)) (same). Stinson v. Gauger, 868 F.3d 516, 529 (7th Cir. 2015) (Sykes, J., dissenting) (quoting Scott v. Harris, 550 U.S. 372, 380 (2007)).';
    const cs = cites(t);
    assert.deepStrictEqual(cs.map((c) => c.kind), ['full-case', 'full-case', 'full-case', 'full-case', 'full-case']);
    assert.deepStrictEqual(cs[0]!.parentheticals.map((p) => p.kind), ['court-year', 'en-banc', 'citing', 'explanatory']);
    assert.deepStrictEqual(cs[0]!.parentheticals[2]!.nested, [1, 2]);
    assert.strictEqual(cs[1]!.parent, 0);
    assert.strictEqual(sl(t, cs[2]!.name), 'Harlow v. Fitzgerald');
    assert.deepStrictEqual(cs[3]!.parentheticals.map((p) => p.kind), ['court-year', 'opinion-author', 'quoting']);
    assert.strictEqual(cs[4]!.parent, 3);
  });

  it('Westlaw citations: docket, star pin, full date', function () {
    const t = 'Doe v. Roe, No. 19-cv-1234, 2020 WL 123456, at *3 (N.D. Ill. Jan. 5, 2020).';
    const [c] = cites(t);
    assert.strictEqual(sl(t, c!.name), 'Doe v. Roe');
    assert.strictEqual(sl(t, c!.docket), 'No. 19-cv-1234');
    assert.strictEqual(c!.cite!.reporter.canonical, 'WL');
    assert.strictEqual(sl(t, c!.cite!.page), '123456');
    assert.strictEqual(c!.pins[0]!.kind, 'star');
    assert.strictEqual(sl(t, c!.pins[0]), '*3');
    assert.strictEqual(sl(t, c!.court), 'N.D. Ill.');
    assert.strictEqual(c!.date!.text, '2020-01-05');
    assert.strictEqual(sl(t, c!.date), 'Jan. 5, 2020');
    assert.deepStrictEqual(codes(c!), []);
  });

  it('Westlaw citations without date, docket or star', function () {
    const t = 'Doe v. Roe, 2020 WL 123456, at 3 (N.D. Ill. 2020).';
    const [c] = cites(t);
    assert.deepStrictEqual(codes(c!).sort(), ['pin-star-missing', 'wl-missing-date', 'wl-missing-docket']);
    assert.strictEqual(defect(c!, 'pin-star-missing').replacement, '*3');
  });

  it('Lexis citations are database citations too (docket, full date, star pages; Indigo R12.4.1)', function () {
    for (const db of ['U.S. LEXIS', 'U.S. Dist. LEXIS', 'U.S. App. LEXIS']) {
      const bad = `Doe v. Roe, 2020 ${db} 123456, at 3 (N.D. Ill. 2020).`;
      assert.deepStrictEqual(codes(cites(bad)[0]!).sort(), ['pin-star-missing', 'wl-missing-date', 'wl-missing-docket'], db);
      const good = `Doe v. Roe, No. 1:19-cv-1, 2020 ${db} 123456, at *2 (N.D. Ill. Jan. 3, 2020).`;
      assert.deepStrictEqual(codes(cites(good)[0]!), [], db);
    }
  });
});

describe('engine: reporters and their variants', function () {
  for (const [written, canonical] of [
    ['F. 3d', 'F.3d'],
    ['S.Ct.', 'S. Ct.'],
    ['L.Ed.2d', 'L. Ed. 2d'],
    ['Fed. Appx.', "F. App'x"],
    ['F.Supp.2d', 'F. Supp. 2d'],
  ] as const) {
    it(`"${written}" is ${canonical} with a reporter-variant defect`, function () {
      const t = `Foo v. Bar, 12 ${written} 345, 350 (7th Cir. 2001).`;
      const [c] = cites(t);
      assert.strictEqual(c!.cite!.reporter.canonical, canonical);
      assert.strictEqual(sl(t, c!.cite!.reporter), written);
      const d = defect(c!, 'reporter-variant');
      assert.strictEqual(d.replacement, canonical);
      assert.strictEqual(t.slice(d.start, d.end), written);
    });
  }
  it('recognizes every federal reporter in canonical form without defects', function () {
    for (const r of ['U.S.', 'S. Ct.', 'L. Ed.', 'L. Ed. 2d', 'F.', 'F.2d', 'F.3d', 'F.4th', 'F. Supp.', 'F. Supp. 2d', 'F. Supp. 3d', "F. App'x", 'B.R.', 'F.R.D.']) {
      const t = `Foo v. Bar, 12 ${r} 345 (2001).`;
      const [c] = cites(t);
      assert.ok(c, r);
      assert.strictEqual(c.cite!.reporter.canonical, r, r);
      assert.deepStrictEqual(codes(c), [], r);
    }
  });
  it('state reporters, and S.C. stays South Carolina Reports', function () {
    const t = 'Foo v. Bar, 100 N.E.2d 5 (Ill. 1951); Baz v. Qux, 300 S.C. 12 (1990); A v. B, 5 Cal. App. 4th 9 (1992).';
    const cs = cites(t);
    assert.deepStrictEqual(cs.map((c) => c.cite!.reporter.canonical), ['N.E.2d', 'S.C.', 'Cal. App. 4th']);
    assert.deepStrictEqual(cs.flatMap(codes), []);
  });
  it('a name containing U.S. is not a reporter', function () {
    const t = 'U.S. Bank N.A. v. Village at Lakeridge, LLC, 138 S. Ct. 960 (2018).';
    const cs = cites(t);
    assert.strictEqual(cs.length, 1);
    assert.strictEqual(sl(t, cs[0]!.cite!.volume), '138');
  });
});

describe('engine: short forms, id., supra', function () {
  const full = 'Graham v. Connor, 490 U.S. 386, 395 (1989). ';
  it('Name, VOL REP at PIN', function () {
    const t = full + 'Later, Graham, 490 U.S. at 396.';
    const cs = cites(t);
    const s = cs[1]!;
    assert.strictEqual(s.kind, 'short-case');
    assert.strictEqual(sl(t, s.name), 'Graham');
    assert.strictEqual(sl(t, s.cite!.volume), '490');
    assert.strictEqual(sl(t, s.cite!.reporter), 'U.S.');
    assert.strictEqual(s.cite!.page, undefined);
    assert.deepStrictEqual(s.pins.map((p) => sl(t, p)), ['396']);
    assert.strictEqual(resolvedTo(cs, s), 'Graham v. Connor, 490 U.S. 386 (1989)');
  });
  it('a word opening the sentence is not part of the short form\'s name (And, Or, However, …)', function () {
    for (const opener of ['And', 'Or', 'However,', 'Finally,', 'Notably,']) {
      const t = `${full}${opener} Graham, 490 U.S. at 396.`;
      const s = cites(t)[1]!;
      assert.strictEqual(sl(t, s.name), 'Graham', opener);
      assert.strictEqual(s.resolution?.detail, undefined, `${opener}: the name matches its antecedent`);
    }
    // A name may still begin with such a word where it is part of it.
    const t = 'Still v. Norfolk & W. R. Co., 368 U.S. 35, 37 (1961).';
    assert.strictEqual(sl(t, cites(t)[0]!.name), 'Still v. Norfolk & W. R. Co.');
  });
  it('VOL REP at PIN without a name', function () {
    const t = full + 'As Graham said. 490 U.S. at 396–97.';
    const cs = cites(t);
    assert.strictEqual(cs[1]!.name, undefined);
    assert.strictEqual(cs[1]!.pins[0]!.kind, 'span');
    assert.strictEqual(cs[1]!.resolution!.antecedent, 0);
  });
  it('Id., Id. at PIN, id. at PIN, Id. at PIN n.N', function () {
    const t = full + 'Id. More, id. at 1011. Then: Id. at 397. Id. at 24 n.5. Id. at 24 nn.5–6.';
    const cs = cites(t);
    const ids = cs.filter((c) => c.kind === 'id');
    assert.strictEqual(ids.length, 5);
    assert.strictEqual(sl(t, ids[0]), 'Id.');
    assert.strictEqual(ids[0]!.sentenceStart, true);
    assert.strictEqual(ids[1]!.sentenceStart, false);
    assert.deepStrictEqual(codes(ids[1]!), []);
    assert.strictEqual(sl(t, ids[1]!.pins[0]), '1011');
    assert.strictEqual(ids[3]!.pins[0]!.kind, 'footnote');
    assert.deepStrictEqual(ids[3]!.pins[0]!.footnotes, [5]);
    assert.strictEqual(ids[3]!.pins[0]!.first, 24);
    assert.deepStrictEqual(ids[4]!.pins[0]!.footnotes, [5, 6]);
    for (const i of ids) assert.strictEqual(resolvedTo(cs, i), 'Graham v. Connor, 490 U.S. 386 (1989)');
  });
  it('Id. capitalization defects', function () {
    const t = full + 'It held so. id. at 5. It held, see Id. at 6.';
    const ids = cites(t).filter((c) => c.kind === 'id');
    assert.strictEqual(ids[0]!.sentenceStart, true);
    assert.strictEqual(defect(ids[0]!, 'id-capitalization').replacement, 'Id.');
    assert.strictEqual(ids[1]!.sentenceStart, false);
    assert.strictEqual(defect(ids[1]!, 'id-capitalization').replacement, 'id.');
  });
  it('the Supreme Court style `490 U.S., at 396`, and Id. after a footnote call', function () {
    const t = full + 'Graham, 490 U.S., at 396. It was so. 7 Id. at 397. It was. 12 id. at 398.';
    const cs = cites(t);
    assert.strictEqual(cs[1]!.kind, 'short-case');
    assert.deepStrictEqual(cs[1]!.pins.map((p) => sl(t, p)), ['396']);
    assert.strictEqual(cs[2]!.sentenceStart, true);
    assert.deepStrictEqual(codes(cs[2]!), []);
    assert.strictEqual(cs[3]!.sentenceStart, true);
    assert.ok(defect(cs[3]!, 'id-capitalization'));
  });

  it('supra forms are recognized', function () {
    const t = full + 'Graham, supra, at 396.';
    const cs = cites(t);
    const s = cs[1]!;
    assert.strictEqual(s.kind, 'supra');
    assert.strictEqual(sl(t, s.name), 'Graham');
    assert.deepStrictEqual(s.pins.map((p) => sl(t, p)), ['396']);
    assert.strictEqual(s.resolution!.antecedent, 0);
  });
  it('a short form missing "at" is kept, with a defect', function () {
    const t = full + 'Graham, 490 U.S. 396.';
    const s = cites(t)[1]!;
    assert.strictEqual(s.kind, 'short-case');
    assert.deepStrictEqual(s.pins.map((p) => sl(t, p)), ['396']);
    assert.strictEqual(defect(s, 'short-missing-at').replacement, ' at ');
  });
  it('a short form with a comma where "at" belongs is kept, with a defect (only after a name)', function () {
    const t = full + 'Later, Graham, 490 U.S., 396. Volumes 233 N.E.2d, 234 N.E.2d. See 490 U.S., 397.';
    const cs = cites(t);
    assert.strictEqual(cs.length, 2, cs.map((c) => c.text).join(' | '));
    const s = cs[1]!;
    assert.strictEqual(s.kind, 'short-case');
    assert.strictEqual(sl(t, s.name), 'Graham');
    assert.deepStrictEqual(s.pins.map((p) => sl(t, p)), ['396']);
    const d = defect(s, 'short-missing-at');
    assert.strictEqual(sl(t, d), ', ');
    assert.strictEqual(d.replacement, ' at ');
    assert.strictEqual(resolvedTo(cs, s), 'Graham v. Connor, 490 U.S. 386 (1989)');
  });
});

describe('engine: pins and their defects', function () {
  const base = 'Graham v. Connor, 490 U.S. 386, 395 (1989). ';
  const pinOf = (rest: string) => {
    const t = base + rest;
    const c = cites(t)[1]!;
    return { t, c };
  };
  it('at p. 396 → pin-page-prefix', function () {
    const { t, c } = pinOf('Graham, 490 U.S. at p. 396.');
    assert.strictEqual(c.pins[0]!.first, 396);
    const d = defect(c, 'pin-page-prefix');
    assert.strictEqual(t.slice(d.start, d.end), 'p. ');
    assert.strictEqual(d.replacement, '');
  });
  it('1201-1202 → repetitious, 1201–2 → too short, 451–49 → reversed, 378 – 81 → spaced', function () {
    assert.strictEqual(defect(pinOf('Id. at 1201-1202.').c, 'pin-span-repetitious').replacement, '1201-02');
    assert.strictEqual(defect(pinOf('Id. at 1201–2.').c, 'pin-span-too-short').replacement, '1201–02');
    assert.ok(defect(pinOf('Id. at 451–49.').c, 'pin-span-reversed'));
    assert.strictEqual(defect(pinOf('Id. at 378 – 81.').c, 'pin-span-spaced').replacement, '378–81');
    assert.deepStrictEqual(codes(pinOf('Id. at 378–81.').c), []);
    assert.deepStrictEqual(codes(pinOf('Id. at 1201–02.').c), []);
    assert.deepStrictEqual(codes(pinOf('Id. at 98–102.').c), []);
  });
  it('several pins, star pages, passim', function () {
    const a = pinOf('Id. at 1009, 1011.');
    assert.deepStrictEqual(a.c.pins.map((p) => sl(a.t, p)), ['1009', '1011']);
    const b = pinOf('Id. at *3–4.');
    assert.strictEqual(b.c.pins[0]!.kind, 'star');
    assert.strictEqual(b.c.pins[0]!.last, 4);
    const c = pinOf('Id. passim.');
    assert.strictEqual(c.c.pins.length, 0);
    const d = pinOf('Graham, 490 U.S. at passim.');
    assert.strictEqual(d.c.pins[0]!.kind, 'passim');
    assert.deepStrictEqual(codes(d.c), []);
    const e = pinOf('Graham, 490 U.S. at 396 passim.');
    assert.deepStrictEqual(e.c.pins.map((p) => p.kind), ['page', 'passim']);
    const pd = defect(e.c, 'pin-passim-with-page');
    assert.strictEqual(e.t.slice(pd.start, pd.end), '396 passim');
    assert.ok(defect(pinOf('Graham, 490 U.S. at 396, passim.').c, 'pin-passim-with-page'));
  });
  it('missing comma before the pin: 883 F.3d 941 944', function () {
    const t = 'Horton v. Pobjecky, 883 F.3d 941 944 (7th Cir. 2018).';
    const [c] = cites(t);
    assert.strictEqual(sl(t, c!.cite!.page), '941');
    assert.deepStrictEqual(c!.pins.map((p) => sl(t, p)), ['944']);
    assert.strictEqual(defect(c!, 'pin-missing-comma').replacement, ', ');
    assert.strictEqual(c!.year!.value, 2018);
  });
});

describe('engine: syntactic defects', function () {
  it('versus-form, court-malformed, year-missing, en-banc-inside-court, signal-form', function () {
    const t =
      'Horton vs. Pobjecky, 883 F.3d 941, 944 (7 Cir. 2018). Baz v. Qux, 5 F.2d 7 (2nd Cir. 1960). Foo v. Bar, 1 F.3d 2. Rakovich v. Wade, 850 F.2d 1180 (7th Cir. 1988 en banc). See e.g. Alpha v. Beta, 3 F.3d 4 (7th Cir. 2000).';
    const cs = cites(t);
    assert.strictEqual(defect(cs[0]!, 'versus-form').replacement, 'v.');
    assert.strictEqual(defect(cs[0]!, 'court-malformed').replacement, '7th Cir.');
    assert.strictEqual(defect(cs[1]!, 'court-malformed').replacement, '2d Cir.');
    assert.ok(defect(cs[2]!, 'year-missing'));
    assert.ok(defect(cs[3]!, 'en-banc-inside-court'));
    assert.strictEqual(cs[3]!.year!.value, 1988);
    assert.strictEqual(defect(cs[4]!, 'signal-form').replacement, 'See, e.g.,');
    assert.strictEqual(sl(t, cs[4]!.signal), 'See e.g.');
  });
});

describe('engine: statutes, rules, constitutions, internal references', function () {
  it('statutes with title, code, sections and § spacing', function () {
    const t = 'Smith sued under 42 U.S.C. § 1983, 42 U.S.C. §1983, 28 U.S.C. §§ 1291–1292, and 28 U.S.C. §§ 1291.';
    const cs = cites(t);
    assert.strictEqual(cs.length, 4);
    assert.ok(cs.every((c) => c.kind === 'statute'));
    assert.strictEqual(sl(t, cs[0]!.title), '42');
    assert.strictEqual(sl(t, cs[0]!.code), 'U.S.C.');
    assert.deepStrictEqual(cs[0]!.sections!.map((x) => sl(t, x)), ['1983']);
    assert.deepStrictEqual(codes(cs[0]!), []);
    assert.strictEqual(defect(cs[1]!, 'section-spacing').replacement, '§ ');
    assert.deepStrictEqual(cs[2]!.sections!.map((x) => sl(t, x)), ['1291–1292']);
    assert.deepStrictEqual(codes(cs[2]!), []);
    assert.strictEqual(defect(cs[3]!, 'section-spacing').replacement, '§');
  });
  it('rules and constitutions', function () {
    const t = 'See Fed. R. Civ. P. 56(a); Fed. R. App. P. 4. The U.S. Const. amend. IV applies.';
    const cs = cites(t);
    assert.deepStrictEqual(cs.map((c) => c.kind), ['rule', 'rule', 'constitution']);
    assert.strictEqual(sl(t, cs[0]!.code), 'Fed. R. Civ. P.');
    assert.strictEqual(sl(t, cs[0]!.sections![0]), '56(a)');
    assert.strictEqual(sl(t, cs[1]!.code), 'Fed. R. App. P.');
    assert.strictEqual(sl(t, cs[2]!.code), 'U.S. Const.');
    assert.strictEqual(sl(t, cs[2]!.sections![0]), 'amend. IV');
  });
  it('codes cited without a title (reporters-db laws), and id. with a section', function () {
    const t = 'Under Wis. Stat. § 939.48(1), and Wis. Stat. §§ 1, 2. Id. § 3. Under § 1291 and Mitchell.';
    const cs = cites(t);
    assert.deepStrictEqual(cs.map((c) => c.kind), ['statute', 'statute', 'id']);
    assert.strictEqual(sl(t, cs[0]!.code), 'Wis. Stat.');
    assert.strictEqual(sl(t, cs[0]!.sections![0]), '939.48(1)');
    assert.deepStrictEqual(cs[1]!.sections!.map((x) => sl(t, x)), ['1', '2']);
    assert.strictEqual(sl(t, cs[2]!.pins[0]), '§ 3');
    assert.strictEqual(cs[2]!.pins[0]!.kind, 'section');
    assert.strictEqual(cs[2]!.resolution!.antecedent, 1);
  });

  it('id. after a statute resolves to the statute', function () {
    const t = 'Smith sued under 42 U.S.C. § 1983. Id.';
    const cs = cites(t);
    assert.strictEqual(resolvedTo(cs, cs[1]!), '42 U.S.C. § 1983');
  });
  it('internal references and an id. after one', function () {
    const t = 'The majority says so. Majority op. at 19–26. See slip op. at 12. Id. at 3.';
    const cs = cites(t);
    assert.deepStrictEqual(cs.map((c) => c.kind), ['internal', 'internal', 'id']);
    assert.strictEqual(sl(t, cs[0]!.label), 'Majority op.');
    assert.deepStrictEqual(cs[0]!.pins.map((p) => sl(t, p)), ['19–26']);
    assert.strictEqual(sl(t, cs[1]!.label), 'slip op.');
    assert.strictEqual(cs[2]!.resolution!.status, 'internal');
  });
});

describe('engine: plain words are not citations', function () {
  for (const t of [
    'The officer stood 10 feet away.',
    '    No. 20-1754                                                      13\n',
    '    12                                                    No. 20-1754\n',
    'It happened on August 31, 2017, at noon.',
    'He called 25 to 30 times.',
    'They met at 2922 West Wells Street in Milwaukee.',
    'In 2019 Congress acted; 15 to 30 minutes later, 3 men left.',
  ]) {
    it(JSON.stringify(t.trim()), function () {
      assert.deepStrictEqual(cites(t), []);
    });
  }
});

describe('engine: resolution', function () {
  it('by volume and reporter, then by name word (Jones v. Clark, not Johnson v. Jones)', function () {
    const t = 'Johnson v. Jones, 515 U.S. 304 (1995). Jones v. Clark, 630 F.3d 677, 679 (7th Cir. 2011). Jones, 630 F.3d at 680. Johnson, 515 U.S. at 313.';
    const cs = cites(t);
    assert.strictEqual(resolvedTo(cs, cs[2]!), 'Jones v. Clark, 630 F.3d 677 (7th Cir. 2011)');
    assert.strictEqual(resolvedTo(cs, cs[3]!), 'Johnson v. Jones, 515 U.S. 304 (1995)');
  });
  it('a short form with a volume typo resolves by name word and reporter, with a detail', function () {
    const t = 'Johnson v. Jones, 515 U.S. 304 (1995). Johnson, 415 U.S. at 316.';
    const cs = cites(t);
    assert.strictEqual(cs[1]!.resolution!.status, 'resolved');
    assert.strictEqual(cs[1]!.resolution!.antecedent, 0);
    assert.match(cs[1]!.resolution!.detail ?? '', /415/);
  });
  it('no antecedent', function () {
    const cs = cites('Id. at 4. Mullenix, 136 S. Ct. at 308.');
    assert.strictEqual(cs[0]!.resolution!.status, 'no-antecedent');
    assert.strictEqual(cs[1]!.resolution!.status, 'no-antecedent');
  });
  it('id. after a string citation is ambiguous (Indigo R15.3.3 example)', function () {
    const t =
      'courts assess whether the parties occupy “distinct merchandising markets.” Hormel Foods Corp. v. Jim Henson Prods., Inc., 73 F.3d 497, 504 (2d Cir. 1996); Naked Cowboy v. CBS, 844 F. Supp. 2d 510, 517-18 (S.D.N.Y. 2012). For example, would an unsophisticated viewer confuse the source? Id.';
    const cs = cites(t);
    assert.strictEqual(sl(t, cs[0]!.name), 'Hormel Foods Corp. v. Jim Henson Prods., Inc.');
    assert.strictEqual(cs[2]!.resolution!.status, 'ambiguous');
    assert.strictEqual(cs[2]!.resolution!.previous, 1);
  });
  it('id. after Compare …, with … is ambiguous', function () {
    const cs = cites('Compare A v. B, 1 F.3d 1 (7th Cir. 2000), with C v. D, 2 F.3d 2 (7th Cir. 2001). Id.');
    assert.strictEqual(cs[1]!.signal!.text, 'with');
    assert.strictEqual(cs[2]!.resolution!.status, 'ambiguous');
  });

  it('id. skips citations nested in the preceding citation’s parenthetical', function () {
    const t = 'Estate of Williams v. Cline, 902 F.3d 643, 649 (7th Cir. 2018) (citing Gutierrez v. Kermon, 722 F.3d 1003, 1011 (7th Cir. 2013)). Id.';
    const cs = cites(t);
    assert.strictEqual(cs[1]!.parent, 0);
    assert.strictEqual(resolvedTo(cs, cs[2]!), 'Estate of Williams v. Cline, 902 F.3d 643 (7th Cir. 2018)');
  });
  it('id. whose pin cannot be in the preceding authority: recorded, and a nearby fitting citation preferred', function () {
    const t = 'The majority says so. Majority op. at 43. It cites Johnson v. Scott, 576 F.3d 658, 659 (7th Cir. 2009). Id. at 660. It adds more. Id. at 41.';
    const cs = cites(t);
    const last = cs[cs.length - 1]!;
    assert.strictEqual(last.resolution!.status, 'internal');
    assert.match(last.resolution!.detail ?? '', /before the first page/);
    const t2 = 'Jones v. Clark, 630 F.3d 677 (7th Cir. 2011). Id. at 3.';
    const c2 = cites(t2)[1]!;
    assert.strictEqual(c2.resolution!.antecedent, 0);
    assert.match(c2.resolution!.detail ?? '', /before the first page \(677\)/);
  });

  it('id. after a short form resolves to that short form’s antecedent', function () {
    const t = 'Jones v. Clark, 630 F.3d 677 (7th Cir. 2011). Other text. Jones, 630 F.3d at 680. Id. at 681.';
    const cs = cites(t);
    assert.strictEqual(resolvedTo(cs, cs[2]!), 'Jones v. Clark, 630 F.3d 677 (7th Cir. 2011)');
    assert.strictEqual(cs[2]!.resolution!.previous, 1);
  });
});

describe('engine: markup', function () {
  it('Markdown emphasis, links and footnote markers keep original offsets', function () {
    const t = 'See *Graham v. Connor*, [490 U.S. 386](https://example.com/x), 396 (1989).[^1] Then _Graham_, 490 U.S. at 397.';
    const cs = cites(t, 'markdown');
    assert.strictEqual(cs.length, 2);
    assert.strictEqual(cs[0]!.name!.text, 'Graham v. Connor');
    assert.strictEqual(sl(t, cs[0]!.name), 'Graham v. Connor');
    assert.strictEqual(sl(t, cs[0]!.cite!.volume), '490');
    assert.strictEqual(sl(t, cs[0]!.cite!.page), '386');
    assert.deepStrictEqual(cs[0]!.pins.map((p) => sl(t, p)), ['396']);
    assert.strictEqual(cs[1]!.name!.text, 'Graham');
    assert.strictEqual(cs[1]!.resolution!.antecedent, 0);
  });
  it('LaTeX \\textit, ~, \\S, -- and comments', function () {
    const t = '\\textit{Graham v.~Connor}, 490~U.S. 386, 396--97 (1989) % a comment\nand 42~U.S.C. \\S~1983.';
    const cs = cites(t, 'latex');
    assert.strictEqual(cs.length, 2);
    assert.strictEqual(cs[0]!.name!.text, 'Graham v. Connor');
    assert.strictEqual(sl(t, cs[0]!.name), 'Graham v.~Connor');
    assert.strictEqual(cs[0]!.pins[0]!.text, '396–97');
    assert.strictEqual(sl(t, cs[0]!.pins[0]), '396--97');
    assert.strictEqual(cs[1]!.kind, 'statute');
    assert.strictEqual(cs[1]!.sections![0]!.text, '1983');
    assert.deepStrictEqual(codes(cs[1]!), []);
  });
});
