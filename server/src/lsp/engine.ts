// Wires the engine modules into the LSP glue's `Engine` interface. The checker (checks.ts) and the
// table (table.ts) are built in parallel; until they land this adapter degrades: no findings,
// and a table read straight from server/data/authorities.json with a simple lookup.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extract } from '../engine/index';
import type { Citation, DocKind, ExtractResult } from '../engine/types';
import type { Finding } from '../engine/checks-types';
import type { Authority, AuthorityTableData, CaseAuthority } from '../engine/table-types';
import { ruleFor } from '../engine/rules';
import { codeKey, reporterKey, sectionKey } from '../engine/lookup-normalize';
import type { PinciteSettings } from '../settings';
import type { Engine, TableProblem, TableView } from './engine-api';

type CheckFn = (text: string, kind: DocKind, opts: { settings: PinciteSettings; table: unknown; extraction?: ExtractResult }) => Finding[];

function tryRequire<T>(load: () => T): T | undefined {
  try {
    return load();
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const checksModule = tryRequire(() => require('../engine/checks') as { check?: CheckFn });

const EMPTY_OPINION: AuthorityTableData['opinion'] = { id: 'smith-v-finkley', uri: '', text: '', slipPages: [], dissentStart: 0 };

function loadBundledData(): AuthorityTableData {
  // Bundled by esbuild when present.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundled = tryRequire(() => require('../../data/authorities.json') as AuthorityTableData);
  if (bundled && Array.isArray(bundled.authorities)) return bundled;
  // Development fallback: the files next to the bundle / the sources.
  for (const p of [path.join(__dirname, '../server/data/authorities.json'), path.join(__dirname, '../../data/authorities.json')]) {
    const d = tryRequire(() => JSON.parse(fs.readFileSync(p, 'utf8')) as AuthorityTableData);
    if (d && Array.isArray(d.authorities)) return d;
  }
  const opinionText =
    tryRequire(() => fs.readFileSync(path.join(__dirname, '../server/data/opinion/smith-v-finkley-20-1754.txt'), 'utf8')) ??
    tryRequire(() => fs.readFileSync(path.join(__dirname, '../../data/opinion/smith-v-finkley-20-1754.txt'), 'utf8')) ??
    '';
  return { _generated: 'fallback', opinion: { ...EMPTY_OPINION, text: opinionText }, authorities: [] };
}

/** A simple table over an authority list: exact reporter cite (or pin inside a known range), provisions, names. */
export class SimpleTable implements TableView {
  private readonly byCite = new Map<string, CaseAuthority[]>();
  private readonly byProvision = new Map<string, Authority>();
  private readonly names: { key: string; auth: Authority }[] = [];

  constructor(
    readonly opinion: AuthorityTableData['opinion'],
    readonly authorities: readonly Authority[],
  ) {
    for (const a of authorities) {
      if (!a || typeof a !== 'object') continue;
      if (a.type === 'case') {
        for (const f of a.cites ?? []) {
          const k = `${f.volume}|${reporterKey(f.reporter)}`;
          const l = this.byCite.get(k) ?? [];
          l.push(a);
          this.byCite.set(k, l);
        }
        for (const n of [a.name, ...(a.variants ?? []), ...(a.shortNames ?? [])]) if (n) this.names.push({ key: n.toLowerCase(), auth: a });
      } else {
        this.byProvision.set(provKey(a.title !== undefined ? String(a.title) : undefined, a.code, a.section), a);
        if (a.name) this.names.push({ key: a.name.toLowerCase(), auth: a });
      }
    }
  }

  lookup(c: Citation): Authority | undefined {
    if (c.cite) {
      const list = this.byCite.get(`${c.cite.volume.value}|${reporterKey(c.cite.reporter.canonical)}`) ?? [];
      const page = c.cite.page?.value;
      if (page !== undefined) {
        for (const a of list) if (a.cites.some((f) => f.volume === c.cite!.volume.value && f.page === page)) return a;
        return undefined;
      }
      // A short form: the case whose first page is the closest at or below the pin.
      const pin = c.pins[0]?.first;
      let best: CaseAuthority | undefined;
      let bestPage = -Infinity;
      for (const a of list) {
        for (const f of a.cites) {
          if (reporterKey(f.reporter) !== reporterKey(c.cite.reporter.canonical) || f.volume !== c.cite.volume.value) continue;
          if (pin === undefined || (f.page <= pin && f.page > bestPage && (f.lastPage === undefined || pin <= f.lastPage))) {
            best = a;
            bestPage = f.page;
          }
        }
      }
      return best;
    }
    if (c.code && c.sections?.length) {
      return this.byProvision.get(provKey(c.title?.text, c.code.text, c.sections[0]!.text)) ?? this.byProvision.get(provKey(c.title?.text, c.code.text, c.sections[0]!.text.replace(/\(.*$/, '')));
    }
    return undefined;
  }

  byName(word: string): Authority[] {
    const w = word.toLowerCase();
    const out = new Set<Authority>();
    for (const n of this.names) if (n.key.includes(w)) out.add(n.auth);
    return [...out];
  }
}

function provKey(title: string | undefined, code: string, section: string): string {
  return `${title ?? ''}|${codeKey(code)}|${sectionKey(section)}`;
}

function jsonProblemAt(text: string, err: unknown): TableProblem {
  const msg = err instanceof Error ? err.message : String(err);
  const m = /position (\d+)/.exec(msg);
  const at = m ? Math.min(Number(m[1]), text.length) : 0;
  return { message: `The authorities file is not valid JSON: ${msg}`, start: at, end: Math.min(at + 1, text.length) };
}

/** Minimal validation of a user file, used until table.ts provides the real merge. */
function mergeSimple(bundled: AuthorityTableData, text: string): { data?: AuthorityTableData; problems: TableProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problems: [jsonProblemAt(text, err)] };
  }
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as { authorities?: unknown }).authorities)) {
    return { problems: [{ message: 'The authorities file must be an object with an "authorities" array.' }] };
  }
  const problems: TableProblem[] = [];
  const byId = new Map(bundled.authorities.map((a) => [a.id, a]));
  ((raw as { authorities: unknown[] }).authorities).forEach((a, i) => {
    const o = a as Partial<CaseAuthority> | null;
    if (!o || typeof o !== 'object' || typeof o.id !== 'string' || (o.type !== 'case' && o.type !== 'statute' && o.type !== 'rule' && o.type !== 'constitution')) {
      problems.push({ message: `authorities[${i}]: needs a string "id" and a "type" of case, statute, rule or constitution.` });
      return;
    }
    if (o.type === 'case' && (typeof o.name !== 'string' || !Array.isArray(o.cites) || typeof o.year !== 'number')) {
      problems.push({ message: `authorities[${i}] (${o.id}): a case needs "name", "cites" and "year".` });
      return;
    }
    const prev = byId.get(o.id);
    byId.set(o.id, { ...(prev ?? { variants: [], shortNames: [], uses: [], opinionErrors: [], verifiedFrom: [], holding: '', link: '', enBanc: false, perCuriam: false, court: null, courtName: '' }), ...o } as Authority);
  });
  if (problems.length) return { problems };
  return { data: { ...bundled, authorities: [...byId.values()] }, problems };
}

export function createEngine(): Engine {
  const data = loadBundledData();
  const bundledTable = new SimpleTable(data.opinion, data.authorities);
  const check = checksModule?.check;
  return {
    extract: (text, kind) => extract(text, kind, { maxLength: Number.MAX_SAFE_INTEGER }),
    check: (text, kind, settings, table, extraction) => (check ? check(text, kind, { settings, table, extraction }) : []),
    bundled: () => bundledTable,
    merge: (text) => {
      const r = mergeSimple(data, text);
      return { table: r.data ? new SimpleTable(r.data.opinion, r.data.authorities) : bundledTable, problems: r.problems };
    },
    ruleUrl: (code) => ruleFor(code)?.docUrl,
  };
}
