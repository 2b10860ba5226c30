// Bundles the VS Code client, the language server (two files, see serverFeaturesFile), and the CLI.
// Each bundle is self-contained (CommonJS, Node 20+), so the .vsix needs no node_modules.
//
// Built for start-up time, since every bundle is loaded on the way to a brief's first diagnostics:
//   - minified (source maps kept next to the bundles, not shipped): V8 compiles less text;
//     `--no-minify` (and `--watch`) build readable bundles;
//   - the data in server/data/*.json is embedded as one JSON string handed to JSON.parse, not as
//     a JavaScript object literal: V8 parses JSON several times faster than it compiles a literal;
//   - `crypto`, which vscode-jsonrpc requires at load time but only calls to name a pipe or a
//     UUID (neither happens over IPC or stdio), is loaded on first use instead.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = !watch && !process.argv.includes('--no-minify');

/**
 * `import x from '…/server/data/*.json'` → `export default JSON.parse('…')`. An ES module, so the
 * string sits in the bundle's top-level code (scanned once; inside a lazily compiled function
 * V8 scans it twice), and with every `'` written `\u0027` (the same JSON), so the minifier
 * quotes it with `'` rather than a template literal, which V8 scans several times slower.
 */
const jsonAsString = {
  name: 'json-as-string',
  setup(build) {
    build.onLoad({ filter: /[\\/]server[\\/]data[\\/][^\\/]+\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(await fs.promises.readFile(args.path, 'utf8'))).replace(/'/g, '\\u0027');
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

/** vscode-jsonrpc's `require("crypto")` → a proxy that loads node:crypto on first property read. */
const lazyCrypto = {
  name: 'lazy-crypto',
  setup(build) {
    build.onResolve({ filter: /^(node:)?crypto$/ }, (args) =>
      /[\\/]node_modules[\\/]vscode-jsonrpc[\\/]/.test(args.importer) ? { path: 'crypto', namespace: 'lazy-crypto' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-crypto' }, () => ({
      contents: `let c; module.exports = new Proxy({}, { get: (_t, k) => (c ??= require('node:crypto'))[k] });`,
      loader: 'js',
    }));
  },
};

/**
 * The server is two files. dist/server.js holds the protocol and the glue (server.ts), enough to
 * answer `initialize`; server.ts `require`s './features' (the engine, its data and the handlers
 * that need it) on first use and right after that answer, from dist/server-features.js. V8 then
 * compiles only the small file before the handshake, and the engine once, instead of pre-parsing
 * it with the rest at start-up and parsing it again when it is first called.
 */
const serverFeaturesFile = {
  name: 'server-features-file',
  setup(build) {
    build.onResolve({ filter: /^\.\/features$/ }, (args) =>
      /[\\/]server[\\/]src[\\/]lsp[\\/]server\.ts$/.test(args.importer) ? { path: './server-features.js', external: true } : undefined,
    );
  },
};

/**
 * In dist/server-features.js, `vscode-languageserver` is its types package: the features use
 * only its constants (CodeActionKind, SymbolKind…), and the protocol machinery is already loaded
 * by dist/server.js. A feature importing anything else from it fails the build (no such export).
 */
const lspConstantsOnly = {
  name: 'lsp-constants-only',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver$/ }, (args) => build.resolve('vscode-languageserver-types', { kind: args.kind, resolveDir: args.resolveDir }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify,
  logLevel: 'warning',
};
const cli = { plugins: [jsonAsString, lazyCrypto] };
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', plugins: [lazyCrypto, serverFeaturesFile] },
  { entryPoints: ['server/src/lsp/features.ts'], outfile: 'dist/server-features.js', plugins: [jsonAsString, lspConstantsOnly] },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...cli },
];
// While the project is being built up, an entry point that does not exist yet is skipped.
const existing = entries.filter((e) => fs.existsSync(e.entryPoints[0]));
if (watch) {
  for (const e of existing) (await esbuild.context({ ...common, ...e })).watch();
} else {
  await Promise.all(existing.map((e) => esbuild.build({ ...common, ...e })));
}
