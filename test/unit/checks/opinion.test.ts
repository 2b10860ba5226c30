// The checker on Smith v. Finkley itself, with the real bundled table: no warning or error on any
// of its correct citations, and every one of its real citation errors flagged. Information
// findings (cases outside the table, mixed dashes) are allowed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, applyFixes } from '../../../server/src/engine/checks';
import { AuthorityTable } from '../../../server/src/engine/table';

const root = path.resolve(__dirname, '../../..');
const text = fs.readFileSync(path.join(root, 'server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');

/** The opinion's real errors, found by reading it (see test/fixtures/opinion.gold.json notes). */
const REAL_ERRORS: { code: string; flagged: string; near: string; why: string }[] = [
  { code: 'year-mismatch', flagged: '2015', near: '868 F.3d 516', why: 'Stinson v. Gauger (en banc) was decided in 2017 (majority)' },
  { code: 'pin-span-repetitious', flagged: '1010–1011', near: '1010–1011', why: 'a span keeping repeated digits (Indigo R5.1.2: 1010–11)' },
  { code: 'year-mismatch', flagged: '2015', near: '572 U.S. 650', why: 'Tolan v. Cotton was decided in 2014' },
  { code: 'case-name-misspelt', flagged: 'Taylor v. Rjojas', near: 'Rjojas', why: 'the respondent is Riojas' },
  { code: 'short-no-antecedent', flagged: 'Mullenix, 136 S. Ct. at 308', near: 'Mullenix, 136', why: 'no earlier full citation of Mullenix' },
  { code: 'id-pin-out-of-range', flagged: '307–08', near: 'Id. at 307–08', why: 'the preceding citation is Plumhoff, 572 U.S. 765' },
  { code: 'short-mismatch', flagged: '415 U.S.', near: '415 U.S. at', why: 'Johnson v. Jones is 515 U.S. 304' },
  { code: 'year-mismatch', flagged: '2015', near: '868 F.3d 516', why: 'Stinson v. Gauger, again in the dissent' },
];

describe('checks: Smith v. Finkley with the bundled table', () => {
  const findings = check(text, 'plaintext', { table: AuthorityTable.bundled(), settings: {} });
  const serious = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');

  it('flags exactly the opinion\'s real errors, in order, and nothing else as a warning or error', () => {
    const got = serious.map((f) => ({ code: f.code, flagged: text.slice(f.start, f.end).replace(/\s+/g, ' ') }));
    assert.deepEqual(got, REAL_ERRORS.map(({ code, flagged }) => ({ code, flagged })));
  });

  it('each real error sits where the opinion makes it', () => {
    let from = 0;
    REAL_ERRORS.forEach((e, k) => {
      const f = serious[k]!;
      const at = text.indexOf(e.near, from);
      assert.ok(at >= 0, `${e.near} not found`);
      assert.ok(Math.abs(f.start - at) < 400, `${e.code} (${e.why}) at ${f.start}, expected near ${at}`);
      from = at + 1;
    });
  });

  it('says where Smith v. Finkley itself has a recorded error', () => {
    const years = serious.filter((f) => f.code === 'year-mismatch');
    assert.ok(years.every((f) => f.message.endsWith('Smith v. Finkley itself has this error.')));
    assert.match(years[1]!.message, /^Tolan v\. Cotton was decided in 2014, not 2015/);
  });

  it('fixes the sure errors and nothing else: fix-all twice equals fix-all once', () => {
    const once = applyFixes(text, findings);
    assert.ok(once.includes('Taylor v. Riojas'));
    assert.ok(once.includes('Johnson, 515 U.S. at 316'));
    assert.ok(once.includes('Mullenix v. Luna, 136 S. Ct. 305,'));
    const again = applyFixes(once, check(once, 'plaintext', { table: AuthorityTable.bundled(), settings: {} }));
    assert.equal(again, once);
    // The erroneous id. has no sure fix: it is left as written.
    assert.ok(once.includes('Id. at 307–08'));
  });
});
