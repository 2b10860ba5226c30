// The reporters-db licence must travel with the data derived from it: the generated table
// carries it, and so does ThirdPartyNotices.txt, which the .vsix ships. This fails when either
// copy drifts from the other.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('licence notices', () => {
  it('ThirdPartyNotices.txt reproduces the reporters-db BSD-2 notice carried by server/data/reporters.json', () => {
    const reporters = JSON.parse(fs.readFileSync(path.join(root, 'server/data/reporters.json'), 'utf8')) as { _notice: string };
    const notices = fs.readFileSync(path.join(root, 'ThirdPartyNotices.txt'), 'utf8');
    const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
    assert.ok(reporters._notice.includes('Free Law Project'), 'reporters.json lost its notice');
    assert.ok(squash(notices).includes(squash(reporters._notice)), 'ThirdPartyNotices.txt does not carry the notice in reporters.json');
  });

  it('the .vsix manifest ships the notices', () => {
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!ThirdPartyNotices\*/m);
    assert.match(ignore, /^!LICENSE\*/m);
  });
});
