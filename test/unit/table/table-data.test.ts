// The bundled table itself: schema-valid, complete against the opinion, and not stale.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extract } from '../../../server/src/engine/index';
import { AuthorityTable } from '../../../server/src/engine/table';
import type { AuthorityTableData, CaseAuthority } from '../../../server/src/engine/table-types';
import { buildTable, GENERATED_HEADER, TABLE_PATH } from '../../../scripts/gen-table';

const committed = fs.readFileSync(TABLE_PATH, 'utf8');
const data = JSON.parse(committed) as AuthorityTableData;
const text = data.opinion.text;

describe('bundled authority table: data', () => {
  it('validates against authorities.schema.json', () => {
    assert.deepEqual(AuthorityTable.validate(data), []);
  });

  it('carries the generated header and the opinion verbatim', () => {
    assert.equal(data._generated, GENERATED_HEADER);
    const opinion = fs.readFileSync(path.join(__dirname, '../../../server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8');
    assert.equal(text, opinion);
  });

  it('rebuilding gives the same bytes (a stale table fails here: run npm run gen:table)', () => {
    const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'pincite-table-'));
    const out = path.join(tmp, 'authorities.json');
    const { json } = buildTable();
    fs.writeFileSync(out, json);
    const rebuilt = fs.readFileSync(out, 'utf8');
    fs.rmSync(tmp, { recursive: true, force: true });
    assert.ok(rebuilt === committed, 'server/data/authorities.json is stale: run `npm run gen:table` and commit it');
  });

  it('slip pages tile the text in order, page 1 at the top, each later page at its header line', () => {
    const pages = data.opinion.slipPages;
    assert.equal(pages[0]!.page, 1);
    assert.equal(pages[0]!.start, 0);
    pages.forEach((p, i) => {
      assert.equal(p.page, i + 1);
      assert.ok(p.start < p.end);
      if (i > 0) {
        assert.equal(p.start, pages[i - 1]!.end);
        const line = text.slice(p.start, text.indexOf('\n', p.start));
        assert.match(line, new RegExp(`^\\s*(No\\. 20-1754\\s+${p.page}|${p.page}\\s+No\\. 20-1754)\\s*$`));
      }
    });
    assert.equal(pages[pages.length - 1]!.end, text.length);
  });

  it('dissentStart points at "SYKES, Chief Judge, dissenting."', () => {
    assert.ok(text.startsWith('SYKES, Chief Judge, dissenting.', data.opinion.dissentStart));
  });

  it('every full citation in the opinion resolves to exactly one entry', () => {
    const { citations } = extract(text, 'plaintext');
    const full = citations.filter((c) => c.kind === 'full-case');
    assert.ok(full.length > 50, `expected the opinion's full cites, got ${full.length}`);
    const missing: string[] = [];
    for (const c of full) {
      const owners = data.authorities.filter((a) => a.uses.some((u) => u.start === c.start && u.end === c.end));
      if (owners.length !== 1) missing.push(`${c.text} → ${owners.map((a) => a.id).join(', ') || 'no entry'}`);
    }
    assert.deepEqual(missing, []);
  });

  it('every citation the engine finds is joined to an entry (nothing unresolved)', () => {
    const { citations } = extract(text, 'plaintext');
    const owned = new Set(data.authorities.flatMap((a) => a.uses.map((u) => `${u.start}:${u.end}`)));
    const orphans = citations.filter((c) => !owned.has(`${c.start}:${c.end}`)).map((c) => `${c.kind} ${c.text}`);
    assert.deepEqual(orphans, []);
    assert.deepEqual(data.unresolved ?? [], []);
  });

  it('no citation belongs to two entries', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const a of data.authorities) {
      for (const u of a.uses) {
        const key = `${u.start}:${u.end}`;
        const prev = seen.get(key);
        if (prev !== undefined && prev !== a.id) dupes.push(`${u.text} in ${prev} and ${a.id}`);
        seen.set(key, a.id);
      }
    }
    assert.deepEqual(dupes, []);
  });

  it('every entry is cited at least once in the opinion', () => {
    const uncited = data.authorities.filter((a) => a.uses.length === 0).map((a) => a.id);
    assert.deepEqual(uncited, []);
  });

  it('every case has a holding and a link; ids are unique and sorted', () => {
    for (const a of data.authorities) {
      if (a.type !== 'case') continue;
      assert.ok(a.holding.trim().length > 20, `${a.id} has no holding`);
      assert.match(a.link, /^https:\/\//, `${a.id} has no link`);
    }
    const ids = data.authorities.map((a) => a.id);
    assert.deepEqual(ids, [...new Set(ids)].sort());
  });

  it('links go to CourtListener by the first reporter cite, reporter URL-encoded', () => {
    const byId = new Map(data.authorities.map((a) => [a.id, a]));
    assert.equal(byId.get('scott-v-harris')!.link, 'https://www.courtlistener.com/c/U.S./550/372/');
    const riojas = byId.get('taylor-v-riojas') as CaseAuthority;
    const first = riojas.cites[0]!;
    assert.equal(riojas.link, `https://www.courtlistener.com/c/${first.reporter.replace(/ /g, '%20')}/${first.volume}/${first.page}/`);
    assert.match(byId.get('42-usc-1983')!.link, /^https:\/\/www\.law\.cornell\.edu\//);
  });

  it('uses point at the citation text, sit on the right slip page and part, in document order', () => {
    const table = AuthorityTable.fromData(data);
    for (const a of data.authorities) {
      let last = -1;
      for (const u of a.uses) {
        assert.ok(0 <= u.start && u.start < u.end && u.end <= text.length);
        assert.ok(u.start > last, `${a.id} uses out of order`);
        last = u.start;
        assert.equal(u.slipPage, table.opinion.slipPageAt(u.start));
        assert.equal(u.part, u.start >= data.opinion.dissentStart ? 'dissent' : 'majority');
        if (u.pin !== '') assert.ok(text.slice(u.start, u.end).replace(/\s+/g, ' ').includes(u.pin.split(',')[0]!.trim()), `${a.id}: pin ${u.pin} not in the cite`);
        assert.ok(u.proposition.length <= 301, `${a.id}: proposition too long`);
      }
    }
  });

  it('propositions are the sentence the citation supports (spot checks)', () => {
    const use = (id: string, pin: string) => data.authorities.find((a) => a.id === id)!.uses.find((u) => u.pin === pin);
    // "... for trial." [page header] Johnson v. Jones, 515 U.S. 304, 319–20 (1995).
    assert.match(use('johnson-v-jones', '319–20')!.proposition, /may not appeal a district court's summary judgment order/);
    // Under Garner, ... violates the Fourth Amendment. (a prose mention of the Constitution)
    const garner = data.authorities.find((a) => a.id === 'us-const-amend-iv')!;
    assert.ok(garner.uses.some((u) => u.proposition.startsWith('Under Garner, an officer who uses deadly force on a fleeing suspect')));
    // Every case use that is not in the opening words of a section has some proposition.
    const empty = data.authorities.flatMap((a) => a.uses.filter((u) => u.proposition.trim() === '').map((u) => `${a.id} ${u.text}`));
    assert.deepEqual(empty, []);
  });

  it("records the opinion's own citation errors on the uses they affect", () => {
    const johnson = data.authorities.find((a) => a.id === 'johnson-v-jones') as CaseAuthority;
    const flagged = johnson.uses.filter((u) => u.opinionError !== undefined);
    // 415 U.S. (typo'd volume) and the majority's "Id. at 307–08" that follows a Plumhoff cite.
    assert.ok(flagged.some((u) => u.text?.includes('415 U.S.')));
    const misplacedId = johnson.uses.find((u) => u.kind === 'id' && u.part === 'majority' && u.pin === '307–08');
    assert.ok(misplacedId, 'the id. after Plumhoff belongs to Johnson v. Jones');
    assert.ok(['id', 'pin'].includes(johnson.opinionErrors[misplacedId.opinionError!]!.field));
    const plumhoff = data.authorities.find((a) => a.id === 'plumhoff-v-rickard')!;
    assert.ok(!plumhoff.uses.some((u) => u.pin === '307–08'));
  });
});
