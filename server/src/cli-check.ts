// `pincite check FILE... [--format text|json] [--fix] [--dash-style any|en-dash|hyphen] [--rule CODE=SEVERITY]`
// Prints one line per finding, `file:line:col severity code message`, with the fix below it, and
// exits 1 when any error remains (2 on a usage or I/O problem). `--fix` applies the sure
// (preferred) fixes and writes each file atomically: a temp file in the same directory, then a
// rename, refused when the file changed on disk since it was read (mtime and content hash are
// compared just before the rename).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DocKind } from './engine/types';
import type { Finding } from './engine/checks-types';
import { check, applyFixes } from './engine/checks';
import { AuthorityTable } from './engine/table';
import { DEFAULT_SETTINGS, SEVERITIES, type PinciteSettings, type Severity } from './settings';

export function docKindOf(file: string): DocKind {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  if (ext === '.tex' || ext === '.latex') return 'latex';
  return 'plaintext';
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

/** 1-based line and column (UTF-16 code units, as LSP counts them) of an offset. */
export function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function hash(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

/** Fix-all to a fixed point (fixes skipped for overlapping are applied by a later pass). */
export function fixAll(text: string, kind: DocKind, settings: PinciteSettings, table: AuthorityTable): string {
  let cur = text;
  for (let pass = 0; pass < 5; pass++) {
    const next = applyFixes(cur, check(cur, kind, { settings, table }));
    if (next === cur) break;
    cur = next;
  }
  return cur;
}

export interface ReadState {
  text: string;
  mtimeMs: number;
  hash: string;
}

export function readState(file: string): ReadState {
  const text = fs.readFileSync(file, 'utf8');
  const st = fs.statSync(file);
  return { text, mtimeMs: st.mtimeMs, hash: hash(text) };
}

/**
 * Writes `next` over `file` atomically, unless the file changed since `read`. `beforeRename` is
 * a test hook run after the temp file is written and before the last comparison.
 */
export async function writeAtomically(file: string, read: ReadState, next: string, beforeRename?: () => Promise<void>): Promise<{ ok: true } | { ok: false; reason: string }> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.pincite-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    const fd = fs.openSync(tmp, 'wx', mode ?? 0o644);
    try {
      fs.writeFileSync(fd, next, 'utf8');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (beforeRename) await beforeRename();
    let now: ReadState;
    try {
      now = readState(file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      return { ok: false, reason: `cannot re-read it before writing (${(e as Error).message})` };
    }
    if (now.mtimeMs !== read.mtimeMs || now.hash !== read.hash) {
      fs.rmSync(tmp, { force: true });
      return { ok: false, reason: 'it changed on disk since it was read; not writing the fixes (run again)' };
    }
    fs.renameSync(tmp, file);
    return { ok: true };
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    return { ok: false, reason: (e as Error).message };
  }
}

interface Args {
  files: string[];
  format: 'text' | 'json';
  fix: boolean;
  settings: PinciteSettings;
}

function parseArgs(args: string[]): Args | string {
  const out: Args = { files: [], format: 'text', fix: false, settings: { ...DEFAULT_SETTINGS, rules: {} } };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = (): string | undefined => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      return args[++i];
    };
    const name = a.startsWith('--') ? a.replace(/=.*$/, '') : a;
    if (name === '--fix') out.fix = true;
    else if (name === '--format') {
      const v = val();
      if (v !== 'text' && v !== 'json') return `--format must be text or json, got ${JSON.stringify(v)}`;
      out.format = v;
    } else if (name === '--dash-style') {
      const v = val();
      if (v !== 'any' && v !== 'en-dash' && v !== 'hyphen') return `--dash-style must be any, en-dash or hyphen, got ${JSON.stringify(v)}`;
      out.settings.dashStyle = v;
    } else if (name === '--rule') {
      const v = val() ?? '';
      const [code, sev] = v.split('=');
      if (!code || !sev || !(SEVERITIES as string[]).includes(sev)) return `--rule expects CODE=SEVERITY (${SEVERITIES.join('|')}), got ${JSON.stringify(v)}`;
      out.settings.rules[code] = sev as Severity;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else out.files.push(a);
  }
  if (out.files.length === 0) return 'no files given';
  return out;
}

function describeFix(text: string, f: Finding): string | undefined {
  const fix = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
  if (!fix) return undefined;
  const parts = fix.edits.map((e) => {
    const old = text.slice(e.start, e.end).replace(/\s+/g, ' ');
    if (e.start === e.end) return `insert ${JSON.stringify(e.newText)}`;
    if (e.newText === '') return `delete ${JSON.stringify(old)}`;
    return `${JSON.stringify(old)} → ${JSON.stringify(e.newText)}`;
  });
  return `${fix.preferred ? 'fix' : 'suggestion'}: ${fix.title} (${parts.join('; ')})`;
}

export async function runCheck(args: string[], hooks: { beforeRename?: (file: string) => Promise<void> } = {}): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`pincite check: ${parsed}\nusage: pincite check FILE... [--format text|json] [--fix] [--dash-style any|en-dash|hyphen] [--rule CODE=SEVERITY]\n`);
    return 2;
  }
  const table = AuthorityTable.bundled();
  let errors = 0;
  let ioProblem = false;
  const json: unknown[] = [];
  // Test hook (documented, off unless set): pause before each rename until a line arrives on stdin.
  const pause = process.env.PINCITE_FIX_PAUSE === 'stdin' ? stdinLineWaiter() : undefined;
  for (const file of parsed.files) {
    let read: ReadState;
    try {
      read = readState(file);
    } catch (e) {
      process.stderr.write(`pincite: cannot read ${file}: ${(e as Error).message}\n`);
      ioProblem = true;
      continue;
    }
    const kind = docKindOf(file);
    let text = read.text;
    if (parsed.fix) {
      const next = fixAll(read.text, kind, parsed.settings, table);
      if (next !== read.text) {
        const before = hooks.beforeRename
          ? () => hooks.beforeRename!(file)
          : pause
            ? async () => {
                process.stderr.write(`pincite: ready to write ${file}\n`);
                await pause();
              }
            : undefined;
        const r = await writeAtomically(file, read, next, before);
        if (r.ok) {
          process.stderr.write(`pincite: fixed ${file}\n`);
          text = next;
        } else {
          process.stderr.write(`pincite: refusing to write ${file}: ${r.reason}\n`);
          ioProblem = true;
        }
      }
    }
    const findings = check(text, kind, { settings: parsed.settings, table });
    const starts = lineStarts(text);
    for (const f of findings) {
      if (f.severity === 'error') errors++;
      const p = position(starts, f.start);
      const q = position(starts, f.end);
      if (parsed.format === 'json') {
        json.push({
          file,
          line: p.line,
          column: p.column,
          endLine: q.line,
          endColumn: q.column,
          start: f.start,
          end: f.end,
          severity: f.severity,
          code: f.code,
          message: f.message,
          fixes: f.fixes,
        });
      } else {
        process.stdout.write(`${file}:${p.line}:${p.column} ${f.severity} ${f.code} ${f.message}\n`);
        const d = describeFix(text, f);
        if (d) process.stdout.write(`    ${d}\n`);
      }
    }
  }
  if (parsed.format === 'json') process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  if (ioProblem) return 2;
  return errors > 0 ? 1 : 0;
}

function stdinLineWaiter(): () => Promise<void> {
  let buffered = 0;
  const waiters: (() => void)[] = [];
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    for (const ch of chunk) {
      if (ch !== '\n') continue;
      const w = waiters.shift();
      if (w) w();
      else buffered++;
    }
  });
  return () =>
    new Promise<void>((resolve) => {
      if (buffered > 0) {
        buffered--;
        resolve();
      } else waiters.push(resolve);
    });
}
