// The user's authority file (`pincite.authoritiesFile`, relative to the workspace folder): read,
// merged over the bundled table, watched. An invalid file gets a diagnostic on the file itself and
// the bundled table stays in use.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { lineIndex, rangeOf } from './convert';
import type { Engine, TableView } from './engine-api';
import { SOURCE } from './diagnostics';

export class AuthorityFile {
  private current: TableView;
  private currentText: string | undefined;
  private fileUri: string | undefined;
  private published = new Set<string>();
  private loads = 0;

  constructor(
    private readonly connection: Connection,
    private readonly engine: Engine,
    private readonly onChange: (userText: string | undefined) => void,
  ) {
    this.current = engine.bundled();
  }

  table(): TableView {
    return this.current;
  }

  /** The file's URI (for matching watched-file events), once known. */
  uri(): string | undefined {
    return this.fileUri;
  }

  /**
   * (Re)reads the file for a workspace folder and setting. Missing file → bundled table, no
   * problems. Never throws.
   */
  async load(folderUri: string | undefined, setting: string): Promise<void> {
    const seq = ++this.loads;
    let next: TableView = this.engine.bundled();
    let nextText: string | undefined;
    let diagnostics: Diagnostic[] = [];
    let uri: string | undefined;
    try {
      const folder = folderUri?.startsWith('file:') ? fileURLToPath(folderUri) : undefined;
      const file = setting && (path.isAbsolute(setting) ? setting : folder ? path.join(folder, setting) : undefined);
      if (file) {
        uri = pathToFileURL(file).toString();
        let text: string | undefined;
        try {
          text = await fs.readFile(file, 'utf8');
        } catch {
          text = undefined; // no file: nothing to merge
        }
        if (text !== undefined) {
          const { table, problems } = this.engine.merge(text);
          next = table;
          if (table !== this.engine.bundled()) nextText = text;
          if (problems.length > 0) {
            const idx = lineIndex(text);
            diagnostics = problems.map((p) => ({
              range: rangeOf(idx, p.start ?? 0, p.end ?? p.start ?? 0),
              severity: DiagnosticSeverity.Error,
              source: SOURCE,
              code: 'authorities-file',
              message: `${p.message}${table === this.engine.bundled() ? ' Pincite is using the bundled table until this is fixed.' : ''}`,
            }));
            this.connection.console.warn(`Pincite: ${file}: ${problems.map((p) => p.message).join(' ')}`);
          }
        }
      }
    } catch (err) {
      this.connection.console.error(`Pincite: could not load the authorities file: ${String(err)}`);
    }
    if (seq !== this.loads) return; // a newer load finished or is running
    const old = this.fileUri;
    this.fileUri = uri;
    if (old && old !== uri && this.published.has(old)) {
      this.published.delete(old);
      void this.connection.sendDiagnostics({ uri: old, diagnostics: [] });
    }
    if (uri && (diagnostics.length || this.published.has(uri))) {
      if (diagnostics.length) this.published.add(uri);
      else this.published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    if (next !== this.current || nextText !== this.currentText) {
      this.current = next;
      this.currentText = nextText;
      this.onChange(nextText);
    }
  }
}
