// Wires the engine modules (extract, check, AuthorityTable, rules) into the LSP glue's `Engine`
// interface, and places the table's problems (JSON pointers) at offsets in the user's file.
import { extract } from '../engine/index';
import { carryFrom, check, checkWithMemo, type CheckMemo } from '../engine/checks';
import { updateSnapshot, type Snapshot } from '../engine/incremental';
import { AuthorityTable } from '../engine/table';
import type { Citation } from '../engine/types';
import type { Authority } from '../engine/table-types';
import { ruleFor } from '../engine/rules';
import type { Engine, TableProblem, TableView } from './engine-api';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let readme: string | undefined;
/**
 * The README shipped beside the bundles (the extension's root, or the repository's): each rule's
 * code in the Problems panel links to its section there, so the link works offline and documents
 * the installed version.
 */
function readmeUri(): string {
  return (readme ??= pathToFileURL(path.resolve(__dirname, '..', 'README.md')).href);
}
import { jsonSyntaxErrorAt, locateJsonPointer } from './json-locate';

/** The LSP's view of an AuthorityTable: the lookups a citation needs. */
export class TableAdapter implements TableView {
  constructor(readonly table: AuthorityTable) {}

  get opinion() {
    return this.table.data.opinion;
  }

  get authorities(): readonly Authority[] {
    return this.table.authorities;
  }

  lookup(c: Citation): Authority | undefined {
    const t = this.table;
    if (c.cite) {
      const vol = c.cite.volume.value;
      const rep = c.cite.reporter.canonical;
      if (c.cite.page) return t.byCite(vol, rep, c.cite.page.value);
      // A short form (`471 U.S. at 11`): the case whose cite starts at or spans the pin.
      const pin = c.pins[0]?.first;
      if (pin !== undefined) {
        const hit = t.byCiteContaining(vol, rep, pin);
        if (hit) return hit.authority;
      }
      // Else a case in that volume whose name word matches, if exactly one does.
      const word = c.name?.parties[0]?.text ?? c.name?.text;
      if (word) {
        const cands = t.byNameWord(word.split(/\s+/)[0] ?? word).filter((a) => a.cites.some((f) => f.volume === vol && f.reporter === rep));
        if (cands.length === 1) return cands[0];
      }
      return undefined;
    }
    if ((c.kind === 'statute' || c.kind === 'rule' || c.kind === 'constitution') && c.code) {
      const section = c.sections?.[0]?.text;
      if (section === undefined) return undefined;
      return t.statute(c.title?.text, c.code.text, section);
    }
    if (c.kind === 'full-case' && c.name) return t.byName(c.name.text);
    return undefined;
  }

  byName(word: string): Authority[] {
    const exact = this.table.byName(word);
    return exact ? [exact] : this.table.byNameWord(word);
  }
}

function jsonErrorOffset(text: string, message: string): number | undefined {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const lines = text.split('\n');
    let off = 0;
    for (let i = 0; i < Number(lc[1]) - 1 && i < lines.length; i++) off += lines[i]!.length + 1;
    return off + Number(lc[2]) - 1;
  }
  return undefined;
}

export function createEngine(): Engine {
  const bundled = new TableAdapter(AuthorityTable.bundled());
  // Each snapshot's check, for the check of the next version (dropped with the snapshot).
  const memos = new WeakMap<Snapshot, CheckMemo>();
  return {
    extract: (text, kind) => extract(text, kind, { maxLength: Number.MAX_SAFE_INTEGER }),
    update: (prev, text, kind, edit) => updateSnapshot(prev, text, kind, edit, { consume: true }),
    check: (text, kind, settings, table, extraction, snapshots) => {
      if (!snapshots) return check(text, kind, { settings, table: { authorities: table.authorities }, extraction });
      const { now, prev } = snapshots;
      // The memo is given up: the next check starts from the one made now.
      const from = carryFrom(prev ? memos.get(prev) : undefined, prev, now, true);
      const r = checkWithMemo(text, kind, { settings, table: { authorities: table.authorities }, extraction, from });
      if (r.memo) memos.set(now, r.memo);
      return r.findings;
    },
    bundled: () => bundled,
    merge: (text) => {
      const r = bundled.table.merge(text);
      const problems: TableProblem[] = r.problems.map((p) => {
        let span: { start: number; end: number } | undefined;
        if (p.path) span = locateJsonPointer(text, p.path);
        else {
          const at = /JSON/.test(p.message) ? (jsonErrorOffset(text, p.message) ?? jsonSyntaxErrorAt(text)) : undefined;
          if (at !== undefined) span = { start: Math.min(at, text.length), end: Math.min(at + 1, text.length) };
        }
        return span ? { message: p.message, ...span } : { message: p.message };
      });
      return { table: r.table === bundled.table ? bundled : new TableAdapter(r.table), problems };
    },
    ruleUrl: (code) => {
      const anchor = ruleFor(code)?.anchor;
      return anchor ? `${readmeUri()}#${anchor}` : undefined;
    },
  };
}
