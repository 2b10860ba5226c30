// Settings per document, read through `workspace/configuration` (section `pincite`), cached per
// document and dropped on `didChangeConfiguration`. Invalid values fall back to their defaults;
// each distinct problem is shown to the user once.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, parseSettings, type PinciteSettings } from '../settings';

export class ConfigStore {
  private readonly cache = new Map<string, PinciteSettings>();
  private readonly inflight = new Map<string, Promise<PinciteSettings>>();
  private readonly reported = new Set<string>();
  /** Settings pushed with didChangeConfiguration, for clients without workspace/configuration. */
  private pushed: unknown = undefined;
  private generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly pull: () => boolean,
  ) {}

  /** The cached settings for a document, if read already. */
  cached(uri: string): PinciteSettings | undefined {
    return this.cache.get(uri);
  }

  async get(uri: string): Promise<PinciteSettings> {
    const hit = this.cache.get(uri);
    if (hit) return hit;
    const running = this.inflight.get(uri);
    if (running) return running;
    const gen = this.generation;
    const p = this.read(uri).then((s) => {
      if (gen === this.generation) this.cache.set(uri, s);
      this.inflight.delete(uri);
      return s;
    });
    this.inflight.set(uri, p);
    return p;
  }

  /** didChangeConfiguration: forget everything read so far. */
  invalidate(pushedSettings?: unknown): void {
    this.generation++;
    this.cache.clear();
    this.inflight.clear();
    if (pushedSettings && typeof pushedSettings === 'object' && 'pincite' in pushedSettings) {
      this.pushed = (pushedSettings as { pincite: unknown }).pincite;
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /**
   * Settings the client read for us before starting (initializationOptions.settings: the
   * `pincite` section per scope URI, as workspace/configuration would answer; '' for no scope),
   * so the first documents are analysed without waiting for that round trip. Anything not a
   * plain object of URIs is ignored; each value is checked like a read one.
   */
  seed(entries: unknown): void {
    if (!entries || typeof entries !== 'object' || Array.isArray(entries)) return;
    for (const [uri, raw] of Object.entries(entries as Record<string, unknown>)) this.cache.set(uri, this.parse(raw));
  }

  private async read(uri: string): Promise<PinciteSettings> {
    let raw: unknown = this.pushed;
    if (this.pull()) {
      try {
        const res: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri || undefined, section: 'pincite' });
        raw = res;
      } catch (err) {
        this.connection.console.warn(`Pincite: could not read settings (${String(err)}); using the defaults.`);
        return { ...DEFAULT_SETTINGS, rules: {} };
      }
    }
    return this.parse(raw);
  }

  /** Settings from a raw `pincite` section; each distinct problem is shown once. */
  private parse(raw: unknown): PinciteSettings {
    const { settings, problems } = parseSettings(raw);
    const fresh = problems.filter((p) => !this.reported.has(p));
    if (fresh.length > 0) {
      for (const p of fresh) this.reported.add(p);
      const message = `Pincite: invalid settings — ${fresh.join(' ')}`;
      this.connection.console.warn(message);
      this.connection.window.showWarningMessage(message);
    }
    return settings;
  }
}
