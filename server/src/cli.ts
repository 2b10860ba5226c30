// Pincite command-line interface: a small command dispatcher.
//   node dist/cli.js citations FILE [--format json|text]
// Bad arguments → usage on stderr, exit 2.
import * as fs from 'node:fs';
import { extract, formatAuthority, type Citation } from './engine/index';
import { docKindOf } from './cli-check';
import { runCheck } from './cli-check';

type Command = (args: string[]) => Promise<number>;

const USAGE = `usage: pincite <command> [options]

commands:
  citations FILE [--format json|text]   list every citation in FILE with its parts and resolution
  check FILE [options]                  check the citations in FILE (see: pincite check --help)
`;

function usage(msg?: string): number {
  if (msg) process.stderr.write(`pincite: ${msg}\n`);
  process.stderr.write(USAGE);
  return 2;
}

function resolvesTo(cits: Citation[], c: Citation): string | null {
  const r = c.resolution;
  if (!r || r.status !== 'resolved' || r.antecedent === undefined) return null;
  const a = cits[r.antecedent];
  return a ? formatAuthority(a) : null;
}

/** The JSON shape printed per citation. */
export function citationRecord(cits: Citation[], c: Citation): Record<string, unknown> {
  const rec: Record<string, unknown> = { start: c.start, end: c.end, kind: c.kind, text: c.text };
  if (c.signal) rec.signal = c.signal.text;
  if (c.name) {
    rec.name = c.name.text;
    rec.parties = c.name.parties.map((p) => p.text);
  }
  if (c.docket) rec.docket = c.docket.text;
  if (c.cite) {
    rec.volume = c.cite.volume.value;
    rec.reporter = c.cite.reporter.canonical;
    if (c.cite.reporter.text !== c.cite.reporter.canonical) rec.reporterAsWritten = c.cite.reporter.text;
    if (c.cite.page) rec.page = c.cite.page.value;
  }
  if (c.parallel.length) rec.parallel = c.parallel.map((p) => `${p.volume.text} ${p.reporter.canonical} ${p.page?.text ?? ''}`.trim());
  rec.pins = c.pins.map((p) => p.text);
  if (c.court) rec.court = c.court.text;
  if (c.year) rec.year = c.year.value;
  if (c.date) rec.date = c.date.text;
  if (c.title) rec.title = c.title.text;
  if (c.code) rec.code = c.code.text;
  if (c.sections) rec.sections = c.sections.map((s) => s.text);
  if (c.label) rec.label = c.label.text;
  if (c.parentheticals.length) rec.parentheticals = c.parentheticals.map((p) => ({ kind: p.kind, text: p.text, nested: p.nested }));
  if (c.parent !== undefined) rec.parent = c.parent;
  if (c.sentenceStart !== undefined) rec.sentenceStart = c.sentenceStart;
  if (c.defects.length) rec.defects = c.defects.map((d) => ({ code: d.code, start: d.start, end: d.end, replacement: d.replacement, detail: d.detail }));
  rec.resolution = c.resolution?.status ?? null;
  rec.resolvesTo = resolvesTo(cits, c);
  return rec;
}

const citations: Command = async (args) => {
  let file: string | undefined;
  let format = 'json';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--format') {
      const f = args[++i];
      if (f !== 'json' && f !== 'text') return usage(`--format takes json or text`);
      format = f;
    } else if (a.startsWith('--format=')) {
      const f = a.slice(9);
      if (f !== 'json' && f !== 'text') return usage(`--format takes json or text`);
      format = f;
    } else if (a.startsWith('-')) return usage(`unknown option ${a}`);
    else if (file === undefined) file = a;
    else return usage(`unexpected argument ${a}`);
  }
  if (!file) return usage('citations needs a FILE');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`pincite: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  const { citations: cits } = extract(text, docKindOf(file));
  if (format === 'json') {
    process.stdout.write(JSON.stringify(cits.map((c) => citationRecord(cits, c)), null, 2) + '\n');
  } else {
    for (const c of cits) {
      const to = resolvesTo(cits, c);
      process.stdout.write(`${c.start}-${c.end}\t${c.kind}\t${c.text}${to && c.kind !== 'full-case' ? `\t→ ${to}` : ''}\n`);
    }
  }
  return 0;
};

// ---- command table -------------------------------------------------------------------------
// Add a command by adding one line here. `check` lives in ./cli-check (another engineer's module).
const COMMANDS: Record<string, Command> = {
  citations,
  check: (args) => runCheck(args),
};

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') return usage();
  const run = COMMANDS[cmd];
  if (!run) return usage(`unknown command ${cmd}`);
  return run(rest);
}

if (require.main === module) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`pincite: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
