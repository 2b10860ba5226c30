// The single source of truth for Pincite's settings. package.json's
// `contributes.configuration` is generated from this list by scripts/gen-manifest.mjs and a test
// fails when the two drift. The server reads settings per document through
// `workspace/configuration` and validates them here; a bad value falls back to the default and
// is reported once, never thrown.

export type Severity = 'error' | 'warning' | 'information' | 'hint' | 'off';
export type DashStyle = 'any' | 'en-dash' | 'hyphen';

export interface PinciteSettings {
  enable: boolean;
  languages: string[];
  dashStyle: DashStyle;
  rules: Record<string, Severity>;
  authoritiesFile: string;
  maxDocumentSize: number;
}

export interface SettingSpec {
  /** Key below `pincite.`. */
  key: string;
  type: 'boolean' | 'string' | 'array' | 'object' | 'number';
  default: unknown;
  description: string;
  enum?: string[];
  enumDescriptions?: string[];
  /** JSON schema fragments copied into the manifest (items, additionalProperties, minimum). */
  schema?: Record<string, unknown>;
  /** Client-only settings are read by the client, never sent to the engine. */
  clientOnly?: boolean;
}

export const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint', 'off'];

export const SETTINGS: SettingSpec[] = [
  {
    key: 'enable',
    type: 'boolean',
    default: true,
    description: 'Check citations in briefs. Turn off to silence Pincite without uninstalling it.',
  },
  {
    key: 'languages',
    type: 'array',
    default: ['markdown', 'plaintext', 'latex', 'brief'],
    description: 'Language ids of the documents Pincite checks.',
    schema: { items: { type: 'string' }, uniqueItems: true },
  },
  {
    key: 'dashStyle',
    type: 'string',
    default: 'any',
    enum: ['any', 'en-dash', 'hyphen'],
    enumDescriptions: [
      'Accept either dash in page spans; flag only a brief that mixes the two.',
      'Page spans use an en dash (1201–02).',
      'Page spans use a hyphen (1201-02).',
    ],
    description: 'The dash used in page spans such as 378–81.',
  },
  {
    key: 'rules',
    type: 'object',
    default: {},
    description:
      'Severity per rule code, overriding its default: "error", "warning", "information", "hint" or "off". Example: { "not-in-table": "off" }.',
    schema: { additionalProperties: { type: 'string', enum: ['error', 'warning', 'information', 'hint', 'off'] } },
  },
  {
    key: 'authoritiesFile',
    type: 'string',
    default: '.pincite/authorities.json',
    description:
      'A JSON file of your own authorities (same schema as the bundled table), relative to the workspace folder. Its entries merge over the bundled table.',
  },
  {
    key: 'maxDocumentSize',
    type: 'number',
    default: 8000000,
    description:
      'Characters analysed per document. Past this a document is analysed in part, and one Information diagnostic says so.',
    schema: { minimum: 10000 },
  },
  {
    key: 'trace.server',
    type: 'string',
    default: 'off',
    enum: ['off', 'messages', 'verbose'],
    description: 'Traces the communication between VS Code and the Pincite language server.',
    clientOnly: true,
  },
];

export const DEFAULT_SETTINGS: PinciteSettings = {
  enable: true,
  languages: ['markdown', 'plaintext', 'latex', 'brief'],
  dashStyle: 'any',
  rules: {},
  authoritiesFile: '.pincite/authorities.json',
  maxDocumentSize: 8000000,
};

/**
 * Validates a raw settings object (as `workspace/configuration` returns it for section
 * `pincite`). Never throws: each invalid value is replaced by its default and described in
 * `problems`.
 */
export function parseSettings(raw: unknown): { settings: PinciteSettings; problems: string[] } {
  const problems: string[] = [];
  const s: PinciteSettings = { ...DEFAULT_SETTINGS, rules: {} };
  if (raw === null || raw === undefined) return { settings: s, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('pincite settings must be an object; using the defaults.');
    return { settings: s, problems };
  }
  const r = raw as Record<string, unknown>;
  const bad = (key: string, want: string) =>
    problems.push(`pincite.${key}: expected ${want}, got ${JSON.stringify(r[key])}; using the default.`);
  if (r.enable !== undefined) {
    if (typeof r.enable === 'boolean') s.enable = r.enable;
    else bad('enable', 'true or false');
  }
  if (r.languages !== undefined) {
    if (Array.isArray(r.languages) && r.languages.every((x) => typeof x === 'string')) s.languages = r.languages as string[];
    else bad('languages', 'an array of language ids');
  }
  if (r.dashStyle !== undefined) {
    if (r.dashStyle === 'any' || r.dashStyle === 'en-dash' || r.dashStyle === 'hyphen') s.dashStyle = r.dashStyle;
    else bad('dashStyle', '"any", "en-dash" or "hyphen"');
  }
  if (r.rules !== undefined) {
    if (r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules)) {
      for (const [code, sev] of Object.entries(r.rules as Record<string, unknown>)) {
        if (typeof sev === 'string' && (SEVERITIES as string[]).includes(sev)) s.rules[code] = sev as Severity;
        else problems.push(`pincite.rules.${code}: expected one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(sev)}; using the rule's default.`);
      }
    } else bad('rules', 'an object of rule code to severity');
  }
  if (r.authoritiesFile !== undefined) {
    if (typeof r.authoritiesFile === 'string') s.authoritiesFile = r.authoritiesFile;
    else bad('authoritiesFile', 'a path');
  }
  if (r.maxDocumentSize !== undefined) {
    if (typeof r.maxDocumentSize === 'number' && Number.isFinite(r.maxDocumentSize) && r.maxDocumentSize >= 10000) s.maxDocumentSize = r.maxDocumentSize;
    else bad('maxDocumentSize', 'a number ≥ 10000');
  }
  return { settings: s, problems };
}
