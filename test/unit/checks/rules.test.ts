// One test per rule: its documented wrong example is flagged with the exact range, message and fix
// result (reviewed by hand in rule-examples.expected.json), and its right example is not flagged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { check, applyFixes } from '../../../server/src/engine/checks';
import { RULES } from '../../../server/src/engine/rules';
import { AuthorityTable } from '../../../server/src/engine/table';
import type { PinciteSettings } from '../../../server/src/settings';

const root = path.resolve(__dirname, '../../..');
const expected = JSON.parse(fs.readFileSync(path.join(__dirname, 'rule-examples.expected.json'), 'utf8')) as Record<
  string,
  { flagged: string; message: string; fixed: string }
>;
const table = AuthorityTable.bundled();
const strip = (s: string) => s.replace(/ \((dashStyle|no earlier|the first)[^)]*\)$/, '');
const settingsFor = (code: string): Partial<PinciteSettings> => (code === 'dash-style' ? { dashStyle: 'en-dash' } : {});

describe('checks: one rule at a time (The Indigo Book examples where it has them)', () => {
  for (const r of RULES) {
    describe(r.code, () => {
      it('flags the wrong example with the exact range, message and fix', () => {
        const text = strip(r.wrong);
        const mine = check(text, 'plaintext', { table, settings: settingsFor(r.code) }).filter((f) => f.code === r.code);
        const e = expected[r.code];
        assert.ok(e, `no expectation recorded for ${r.code}`);
        assert.ok(mine.length > 0, `${r.code} not flagged in: ${text}`);
        assert.equal(text.slice(mine[0]!.start, mine[0]!.end), e.flagged);
        assert.equal(mine[0]!.message, e.message);
        assert.equal(mine[0]!.severity, r.severity);
        assert.equal(applyFixes(text, mine), e.fixed);
      });
      it('does not flag the right example', () => {
        const text = strip(r.right);
        const mine = check(text, 'plaintext', { table, settings: settingsFor(r.code) }).filter((f) => f.code === r.code);
        assert.deepEqual(mine.map((f) => f.message), []);
      });
    });
  }

  it('a severity override changes the severity, and "off" silences the rule', () => {
    const text = strip(RULES.find((r) => r.code === 'not-in-table')!.wrong);
    const warn = check(text, 'plaintext', { table, settings: { rules: { 'not-in-table': 'warning' } } }).filter((f) => f.code === 'not-in-table');
    assert.deepEqual(warn.map((f) => f.severity), ['warning']);
    const off = check(text, 'plaintext', { table, settings: { rules: { 'not-in-table': 'off' } } }).filter((f) => f.code === 'not-in-table');
    assert.deepEqual(off, []);
  });

  it('a fix with one right answer is preferred; the dash-mixed suggestion is not', () => {
    const mixed = strip(RULES.find((r) => r.code === 'dash-mixed')!.wrong);
    const f = check(mixed, 'plaintext', { table }).find((x) => x.code === 'dash-mixed')!;
    assert.equal(f.fixes.length, 1);
    assert.equal(f.fixes[0]!.preferred, false);
    assert.equal(applyFixes(mixed, [f]), mixed, 'fix-all leaves a matter of choice alone');
  });

  it('several pins with commas are fine, and each is checked against the table', () => {
    const ok = 'Johnson v. Rogers, 944 F.3d 966, 967, 969 (7th Cir. 2019).';
    assert.deepEqual(check(ok, 'plaintext', { table }).filter((f) => f.severity !== 'information').map((f) => f.code), []);
    const bad = 'Scott v. Harris, 550 U.S. 372, 380, 370 (2007).';
    const got = check(bad, 'plaintext', { table }).filter((f) => f.code === 'pin-out-of-range');
    assert.deepEqual(got.map((f) => bad.slice(f.start, f.end)), ['370']);
  });

  it('a full cite with a pin after a comma and no "at" is not flagged', () => {
    const t = 'Horton v. Pobjecky, 883 F.3d 941, 944 (7th Cir. 2018).';
    assert.deepEqual(check(t, 'plaintext', { table }).map((f) => f.code), []);
  });

  it('without a table only the pin and format rules run', () => {
    const t = 'Tennessee v. Gardner, 471 U.S. 1, 11 (1985). Horton v. Pobjecky, 883 F. 3d 941 (7th Cir. 2018).';
    assert.deepEqual(check(t, 'plaintext', { settings: {} }).map((f) => f.code), ['reporter-variant']);
  });

  it('every rule has a code, docs, examples and an Indigo Book rule number', () => {
    const codes = new Set<string>();
    for (const r of RULES) {
      assert.match(r.code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(!codes.has(r.code), `duplicate ${r.code}`);
      codes.add(r.code);
      assert.ok(r.indigo.length > 0 && r.indigo.every((n) => /^R\d+(\.\d+)*$/.test(n)), r.code);
      assert.ok(r.summary && r.doc && r.right && r.wrong && r.anchor === `rule-${r.code}`, r.code);
    }
  });

  it('README rules and settings sections are generated from rules.ts and settings.ts (run node scripts/gen-readme-rules.mjs)', () => {
    execFileSync(process.execPath, [path.join(root, 'scripts/gen-readme-rules.mjs'), '--check'], { cwd: root, stdio: 'pipe' });
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const r of RULES) assert.ok(readme.includes(`<a id="${r.anchor}"></a>`), r.code);
  });
});
