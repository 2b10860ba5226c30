// package.json's contributes must match its sources of truth: settings.ts for the
// configuration, the client for commands, syntaxes/ for grammars. Fix drift with
// `npm run gen:manifest`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS } from '../../server/src/settings';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const properties: Record<string, Record<string, unknown>> = manifest.contributes?.configuration?.properties ?? {};

describe('package.json manifest', () => {
  it('declares exactly the settings in SETTINGS', () => {
    assert.deepEqual(
      Object.keys(properties).sort(),
      SETTINGS.map((s) => `pincite.${s.key}`).sort(),
      'contributes.configuration drifted from server/src/settings.ts: run `npm run gen:manifest`',
    );
  });

  for (const s of SETTINGS) {
    it(`pincite.${s.key} has the type, default, description and enum of settings.ts`, () => {
      const p = properties[`pincite.${s.key}`];
      assert.ok(p, `pincite.${s.key} missing: run \`npm run gen:manifest\``);
      assert.equal(p.type, s.type);
      assert.deepEqual(p.default, s.default);
      assert.equal(p.description, s.description);
      assert.ok(typeof p.description === 'string' && p.description.trim().length >= 10, 'every setting needs a real description');
      assert.deepEqual(p.enum, s.enum);
      assert.deepEqual(p.enumDescriptions, s.enumDescriptions);
      for (const [k, v] of Object.entries(s.schema ?? {})) assert.deepEqual(p[k], v, `schema field ${k}`);
      if (s.enum) assert.ok(s.enum.includes(String(s.default)), 'the default is one of the enum values');
    });
  }

  it('every setting in settings.ts has a description', () => {
    for (const s of SETTINGS) assert.ok(s.description.trim().length >= 10, `pincite.${s.key} lacks a description`);
  });

  it('registers every command the client implements, each with a title', () => {
    const client = fs.readFileSync(path.join(root, 'client/src/extension.ts'), 'utf8');
    const registered = [...client.matchAll(/registerCommand\('([\w.]+)'/g)].map((m) => m[1]).sort();
    const declared = (manifest.contributes.commands as { command: string; title: string }[]).map((c) => c.command).sort();
    assert.deepEqual(declared, registered);
    for (const c of manifest.contributes.commands as { command: string; title: string }[]) assert.ok(c.title.length > 0);
    for (const cmd of ['pincite.showAuthority', 'pincite.openOpinion', 'pincite.fixAll']) assert.ok(declared.includes(cmd), cmd);
  });

  it('contributes the brief language and grammars whose files exist', () => {
    const langs = manifest.contributes.languages as { id: string; extensions: string[]; configuration?: string }[];
    const brief = langs.find((l) => l.id === 'brief');
    assert.ok(brief);
    assert.deepEqual(brief.extensions, ['.brief']);
    assert.ok(brief.configuration && fs.existsSync(path.join(root, brief.configuration)));
    const grammars = manifest.contributes.grammars as { scopeName: string; path: string; language?: string; injectTo?: string[] }[];
    const main = grammars.find((g) => g.scopeName === 'text.brief');
    assert.equal(main?.language, 'brief');
    const injection = grammars.find((g) => g.injectTo);
    assert.deepEqual(injection?.injectTo, ['text.html.markdown', 'text.tex.latex']);
    for (const g of grammars) {
      const file = JSON.parse(fs.readFileSync(path.join(root, g.path), 'utf8'));
      assert.equal(file.scopeName, g.scopeName, `${g.path} scopeName`);
      if (g.injectTo) assert.match(file.injectionSelector, /text\.html\.markdown/);
    }
  });

  it('activates on every default language and points main at the client bundle', () => {
    const langs = SETTINGS.find((s) => s.key === 'languages')?.default as string[];
    for (const l of langs) assert.ok((manifest.activationEvents as string[]).includes(`onLanguage:${l}`), l);
    assert.equal(manifest.main, './dist/extension.js');
  });
});
