// Finds where a JSON pointer (`/authorities/2/cites/0/volume`) sits in a JSON text, so a problem
// in the user's authorities file gets a diagnostic on the right token. A small tolerant scanner:
// returns the deepest value on the path it could reach, or undefined.

interface Node {
  start: number;
  end: number;
  /** Object members (key → node, with the key's own span) or array items. */
  members?: Map<string, { key: { start: number; end: number }; value: Node }>;
  items?: Node[];
}

export function locateJsonPointer(text: string, pointer: string): { start: number; end: number } | undefined {
  let root: Node | undefined;
  try {
    root = new Scanner(text).value();
  } catch {
    return undefined;
  }
  if (!root) return undefined;
  const parts = pointer === '' || pointer === '/' ? [] : pointer.replace(/^\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = root;
  let span: { start: number; end: number } = { start: root.start, end: Math.min(root.start + 1, root.end) };
  for (const part of parts) {
    if (node.members) {
      const m = node.members.get(part);
      if (!m) break;
      node = m.value;
      span = m.key;
    } else if (node.items) {
      const it = node.items[Number(part)];
      if (!it) break;
      node = it;
      span = { start: it.start, end: it.members || it.items ? Math.min(it.start + 1, it.end) : it.end };
    } else break;
  }
  return span;
}

/**
 * Where a text stops being valid JSON (UTF-16 offset), or undefined when it parses. Used when
 * JSON.parse's message gives no position.
 */
export function jsonSyntaxErrorAt(text: string): number | undefined {
  const sc = new Scanner(text);
  try {
    const v = sc.value();
    if (!v) return sc.pos;
    sc.skipWs();
    return sc.pos < text.length ? sc.pos : undefined;
  } catch {
    return Math.min(sc.pos, text.length);
  }
}

class Scanner {
  i = 0;
  get pos(): number {
    return this.i;
  }
  skipWs(): void {
    this.ws();
  }
  private depth = 0;
  constructor(private readonly s: string) {}

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  value(): Node | undefined {
    this.ws();
    if (++this.depth > 200) throw new Error('too deep');
    try {
      const start = this.i;
      const ch = this.s[this.i];
      if (ch === '{') {
        this.i++;
        const members = new Map<string, { key: { start: number; end: number }; value: Node }>();
        for (let first = true; ; first = false) {
          this.ws();
          if (this.s[this.i] === '}' && first) {
            this.i++;
            break;
          }
          if (this.s[this.i] !== '"') throw new Error('key expected');
          const ks = this.i;
          const key = this.string();
          const keySpan = { start: ks, end: this.i };
          this.ws();
          if (this.s[this.i] !== ':') throw new Error(': expected');
          this.i++;
          const v = this.value();
          if (!v) throw new Error('value expected');
          if (!members.has(key)) members.set(key, { key: keySpan, value: v });
          this.ws();
          if (this.s[this.i] === ',') this.i++;
          else if (this.s[this.i] === '}') {
            this.i++;
            break;
          } else throw new Error(', expected');
        }
        return { start, end: this.i, members };
      }
      if (ch === '[') {
        this.i++;
        const items: Node[] = [];
        for (let first = true; ; first = false) {
          this.ws();
          if (this.s[this.i] === ']' && first) {
            this.i++;
            break;
          }
          const v = this.value();
          if (!v) throw new Error('value expected');
          items.push(v);
          this.ws();
          if (this.s[this.i] === ',') this.i++;
          else if (this.s[this.i] === ']') {
            this.i++;
            break;
          } else throw new Error(', expected');
        }
        return { start, end: this.i, items };
      }
      if (ch === '"') {
        this.string();
        return { start, end: this.i };
      }
      const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 64));
      if (!m) return undefined;
      this.i += m[0].length;
      return { start, end: this.i };
    } finally {
      this.depth--;
    }
  }

  private string(): string {
    const start = ++this.i;
    while (this.i < this.s.length && this.s[this.i] !== '"') this.i += this.s[this.i] === '\\' ? 2 : 1;
    if (this.i >= this.s.length) throw new Error('unterminated string');
    const raw = this.s.slice(start, this.i);
    this.i++;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw;
    }
  }
}
