// Pure tests of the hover markdown (server/src/engine/describe.ts): citations from the engine's
// extractor, authorities built by hand.
import * as assert from 'node:assert/strict';
import { extract } from '../../server/src/engine/index';
import {
  cleanPin,
  describeCitation,
  escapeMarkdown,
  fullCitationMarkdown,
  fullCitationText,
  nearestUse,
  shortFormText,
} from '../../server/src/engine/describe';
import type { CaseAuthority, StatuteAuthority, Use } from '../../server/src/engine/table-types';

function use(pin: string, pinPage: number | undefined, slipPage: number, proposition: string, kind: Use['kind'] = 'short-case'): Use {
  return { pin, pinPage, kind, proposition, part: 'majority', slipPage, start: 100 * slipPage, end: 100 * slipPage + 20 };
}

const garner: CaseAuthority = {
  id: 'tennessee-v-garner',
  type: 'case',
  name: 'Tennessee v. Garner',
  variants: [],
  shortNames: ['Garner'],
  cites: [{ volume: 471, reporter: 'U.S.', page: 1 }],
  court: null,
  courtName: 'Supreme Court of the United States',
  year: 1985,
  enBanc: false,
  perCuriam: false,
  holding: 'Deadly force may not be used to prevent the escape of an apparently unarmed, nondangerous suspect.',
  link: 'https://www.courtlistener.com/c/U.S./471/1/',
  uses: [
    use('7', 7, 16, 'The use of force is a seizure.', 'full-case'),
    use('11', 11, 16, 'Probable cause to believe the suspect poses a threat.'),
    use('8–9', 8, 17, 'The question is whether the totality of the circumstances justifies it.'),
  ],
  opinionErrors: [],
  verifiedFrom: [],
};

const enBanc: CaseAuthority = {
  ...garner,
  id: 'x',
  name: 'A_b v. C*d',
  shortNames: [],
  cites: [{ volume: 850, reporter: 'F.2d', page: 1 }],
  court: '7th Cir.',
  courtName: 'United States Court of Appeals for the Seventh Circuit',
  year: 1988,
  enBanc: true,
  uses: [],
};

const s1983: StatuteAuthority = {
  id: '42-usc-1983',
  type: 'statute',
  citation: '42 U.S.C. § 1983',
  title: 42,
  code: 'U.S.C.',
  section: '1983',
  name: 'Civil action for deprivation of rights',
  use: 'The cause of action for the excessive-force claim.',
  link: 'https://www.law.cornell.edu/uscode/text/42/1983',
  uses: [use('', undefined, 2, 'Smith sued under § 1983.', 'statute')],
};

describe('describe: citation forms', () => {
  it('writes the full citation in correct form, with a cleaned pin', () => {
    assert.equal(fullCitationMarkdown(garner, '7'), '*Tennessee v. Garner*, 471 U.S. 1, 7 (1985)');
    assert.equal(fullCitationMarkdown(garner, 'p. 378 – 81'), '*Tennessee v. Garner*, 471 U.S. 1, 378–81 (1985)');
    assert.equal(fullCitationText(enBanc), 'A_b v. C*d, 850 F.2d 1 (7th Cir. 1988) (en banc)');
    assert.equal(fullCitationMarkdown(enBanc), '*A\\_b v. C\\*d*, 850 F.2d 1 (7th Cir. 1988) (en banc)');
    assert.equal(fullCitationMarkdown(s1983), '42 U.S.C. § 1983');
    assert.equal(shortFormText(garner), 'Garner, 471 U.S. at ');
    assert.equal(shortFormText(enBanc), 'A_b, 850 F.2d at ');
  });

  it('cleans pins and escapes markdown', () => {
    assert.equal(cleanPin('pp. 12 - 14'), '12-14');
    assert.equal(cleanPin('378 – 81'), '378–81');
    assert.equal(cleanPin('24 n.5'), '24 n.5');
    assert.equal(escapeMarkdown('a*b_c[d]'), 'a\\*b\\_c\\[d\\]');
  });

  it('picks the use at or nearest the pin, else the first full citation', () => {
    assert.equal(nearestUse(garner, 11)?.pin, '11');
    assert.equal(nearestUse(garner, 10)?.pin, '11');
    assert.equal(nearestUse(garner, 9)?.pin, '8–9');
    assert.equal(nearestUse(garner)?.pin, '7');
    assert.equal(nearestUse(enBanc, 3), undefined);
  });
});

describe('describe: hover markdown', () => {
  const text = 'Tennessee v. Garner, 471 U.S. 1, 7 (1985). Id. at 11. Doe v. Roe, 123 F.3d 456, 460 (9th Cir. 1997).';
  const cs = extract(text, 'plaintext').citations;

  it('describes a known full citation: name, citation, court and year, holding, use, source', () => {
    const full = cs.find((c) => c.kind === 'full-case' && c.text.includes('Garner'))!;
    const m = describeCitation({ citation: full, authority: garner, pinPage: 7 });
    const parts = m.split('\n\n');
    assert.equal(parts[0], '*Tennessee v. Garner*');
    assert.equal(parts[1], '*Tennessee v. Garner*, 471 U.S. 1, 7 (1985)');
    assert.equal(parts[2], 'Supreme Court of the United States, 1985');
    assert.match(parts[3]!, /^\*\*Holding\.\*\* Deadly force/);
    assert.equal(parts[4], '**In *Smith v. Finkley*** (slip op. at 16; cited 3 times in the opinion): cited at 7 for');
    assert.equal(parts[5], '> The use of force is a seizure.');
    assert.equal(parts[6], '[Source](https://www.courtlistener.com/c/U.S./471/1/)');
  });

  it('describes id. with its antecedent and line, and the use nearest its pin', () => {
    const idIdx = cs.findIndex((c) => c.kind === 'id');
    const full = cs.find((c) => c.kind === 'full-case' && c.text.includes('Garner'))!;
    const m = describeCitation({ citation: cs[idIdx]!, authority: garner, antecedent: { citation: full, line: 22 }, pinPage: 11 });
    assert.match(m, /^\*Id\.\* → \*Tennessee v\. Garner\*, 471 U\.S\. 1 \(1985\), cited on line 22\n/);
    assert.match(m, /cited at 11 for\n\n> Probable cause/);
  });

  it('says an unknown authority is not verified and shows what was parsed', () => {
    const doe = cs.find((c) => c.text.includes('Doe'))!;
    const m = describeCitation({ citation: doe });
    assert.match(m, /^\*\*Not verified\.\*\*/);
    assert.match(m, /- name: Doe v\. Roe/);
    assert.match(m, /- reporter: 123 F\.3d 456/);
    assert.match(m, /- pin: 460/);
    assert.match(m, /- year: 1997/);
  });

  it('says when id. has nothing to refer to', () => {
    const lone = extract('Id. at 5.', 'plaintext').citations.find((c) => c.kind === 'id');
    assert.ok(lone);
    assert.match(describeCitation({ citation: lone }), /^\*Id\.\* — (no earlier full citation|ambiguous)/);
  });

  it('describes a statute with its use in the opinion', () => {
    const st = extract('Smith sued under 42 U.S.C. § 1983.', 'plaintext').citations.find((c) => c.kind === 'statute')!;
    const m = describeCitation({ citation: st, authority: s1983 });
    assert.match(m, /^\*\*42 U\.S\.C\. § 1983\*\* — Civil action for deprivation of rights/);
    assert.match(m, /cited without a pin for\n\n> Smith sued under § 1983\./);
    assert.match(m, /\[Source\]\(https:\/\/www\.law\.cornell\.edu/);
  });
});
