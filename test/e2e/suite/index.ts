// Entry point VS Code loads as `extensionTestsPath`: runs the bundled *.e2e.js files with mocha
// inside the extension host. Output goes to the console and to test-output/e2e-mocha.log (the
// code-server launcher prints that file, since the remote extension host's stdout is not ours).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export function run(): Promise<void> {
  const logFile = path.join(ROOT, 'test-output', 'e2e-mocha.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.createWriteStream(logFile);
  // Mocha's reporters print with process.stdout.write (and console.log): mirror both to the file.
  const origWrite = process.stdout.write.bind(process.stdout);
  const origLog = console.log;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    out.write(chunk);
    return (origWrite as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  console.log = (...args: unknown[]) => {
    out.write(args.map(String).join(' ') + '\n');
    origLog(...args);
  };
  const restore = () => {
    process.stdout.write = origWrite;
    console.log = origLog;
  };

  // Required only now: mocha's reporters capture console.log when mocha loads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        // The plain closing line CI reads.
        console.log(`e2e: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
        restore();
        out.end(() => (failures > 0 ? reject(new Error(`${failures} end-to-end tests failed`)) : resolve()));
      });
    } catch (err) {
      restore();
      out.end(() => reject(err));
    }
  });
}
