// Writes the generated parts of package.json's `contributes` from their sources of truth:
// `contributes.configuration` from server/src/settings.ts (SETTINGS), plus the languages,
// grammars and commands the client registers. Run: `npm run gen:manifest`
// (= node --import tsx scripts/gen-manifest.mjs). `--check` exits 1 instead of writing when
// package.json is out of date.
//
// package.json is shared with other engineers: it is re-read right before writing and only
// `contributes` is replaced, keeping the file's 2-space formatting.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = path.join(root, 'package.json');

/** @param {import('../server/src/settings.ts').SettingSpec[]} settings */
export function configurationFromSettings(settings) {
  /** @type {Record<string, Record<string, unknown>>} */
  const properties = {};
  for (const s of settings) {
    /** @type {Record<string, unknown>} */
    const prop = { type: s.type, default: s.default, description: s.description };
    if (s.enum) prop.enum = s.enum;
    if (s.enumDescriptions) prop.enumDescriptions = s.enumDescriptions;
    if (s.schema) Object.assign(prop, s.schema);
    // The client reads these once per window (document selector, tracing); the rest are per resource.
    prop.scope = s.clientOnly || s.key === 'languages' ? 'window' : 'resource';
    properties[`pincite.${s.key}`] = prop;
  }
  return { type: 'object', title: 'Pincite', properties };
}

export const COMMANDS = [
  { command: 'pincite.showAuthority', title: 'Show Authority Under Cursor', category: 'Pincite' },
  { command: 'pincite.openOpinion', title: 'Open Smith v. Finkley', category: 'Pincite' },
  { command: 'pincite.fixAll', title: 'Fix All Citation Problems', category: 'Pincite' },
  { command: 'pincite.restartServer', title: 'Restart Server', category: 'Pincite' },
];

/** @param {import('../server/src/settings.ts').SettingSpec[]} settings */
export function contributes(settings) {
  return {
    configuration: configurationFromSettings(settings),
    languages: [
      {
        id: 'brief',
        aliases: ['Legal Brief', 'brief'],
        extensions: ['.brief'],
        configuration: './syntaxes/brief.language-configuration.json',
      },
    ],
    grammars: [
      { language: 'brief', scopeName: 'text.brief', path: './syntaxes/brief.tmLanguage.json' },
      {
        scopeName: 'citations.injection.pincite',
        path: './syntaxes/citations.injection.json',
        injectTo: ['text.html.markdown', 'text.tex.latex'],
      },
    ],
    commands: COMMANDS,
  };
}

async function main() {
  const { SETTINGS } = await import('../server/src/settings.ts');
  const check = process.argv.includes('--check');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const want = contributes(SETTINGS);
  if (JSON.stringify(manifest.contributes) === JSON.stringify(want)) {
    console.log('package.json contributes is up to date.');
    return;
  }
  if (check) {
    console.error('package.json contributes is out of date: run `npm run gen:manifest`.');
    process.exit(1);
  }
  // Re-read right before writing: someone may have edited scripts/devDependencies meanwhile.
  const fresh = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  fresh.contributes = want;
  fs.writeFileSync(manifestPath, JSON.stringify(fresh, null, 2) + '\n');
  console.log(`Wrote contributes (${SETTINGS.length} settings) to package.json.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
