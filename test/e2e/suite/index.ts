// Entry point VS Code loads as `extensionTestsPath`: runs the bundled *.e2e.js files with mocha
// inside the extension host. Reporter output goes to the console (which VS Code forwards to its
// log) and to test-output/e2e-mocha.log, which the code-server launcher prints.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export function run(): Promise<void> {
  const logFile = path.join(ROOT, 'test-output', 'e2e-mocha.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.createWriteStream(logFile);
  const consoleLog = console.log.bind(console);
  const log = (...args: unknown[]) => {
    out.write(format(...args) + '\n');
    consoleLog(...args);
  };
  // Mocha's reporters print through Base.consoleLog (the extension host's console.log cannot be
  // replaced, and its stdout is not ours).
  Mocha.reporters.Base.consoleLog = log;

  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.e2e.js')).sort()) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        // The plain closing line CI reads.
        log(`e2e: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
        out.end(() => (failures > 0 ? reject(new Error(`${failures} end-to-end tests failed`)) : resolve()));
      });
    } catch (err) {
      out.end(() => reject(err));
    }
  });
}
