/**
 * JSON.parse for one JSON document (a MedS-Bench task file) that also records the line each object and
 * array starts on, so a validator can name the line of a bad field in a file that is not one record
 * per line. Values equal JSON.parse's; syntax errors carry their line.
 */

export type JsonParse =
  { ok: true; value: unknown; lineOf: (value: object) => number | undefined } | { ok: false; line: number; message: string };

class JsonSyntaxError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseJsonWithLines(text: string): JsonParse {
  const lines = new WeakMap<object, number>();
  // Line starts, for turning an offset into a 1-based line.
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  let i = 0;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(i, message);
  };
  const skip = (): void => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const expect = (ch: string): void => {
    if (text[i] !== ch)
      fail(`expected ${JSON.stringify(ch)} but found ${i < text.length ? JSON.stringify(text[i]) : 'the end of the file'}`);
    i++;
  };

  const string = (): string => {
    expect('"');
    let out = '';
    for (;;) {
      const ch = text[i];
      if (ch === undefined) return fail('unterminated string');
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch === '\\') {
        const esc = text[i + 1] ?? '';
        if (esc === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape in a string');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const mapped = ESCAPES[esc];
          if (mapped === undefined) fail(`bad escape \\${esc} in a string`);
          out += mapped;
          i += 2;
        }
        continue;
      }
      if (ch < ' ') fail('unescaped control character in a string');
      // Copy the run up to the next quote, backslash or control character in one slice.
      let end = i + 1;
      while (end < text.length && text[end] !== '"' && text[end] !== '\\' && text[end]! >= ' ') end++;
      out += text.slice(i, end);
      i = end;
    }
  };

  const value = (): unknown => {
    skip();
    const ch = text[i];
    const start = i;
    if (ch === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      lines.set(obj, lineAt(start));
      skip();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        skip();
        const key = string();
        skip();
        expect(':');
        // defineProperty, as JSON.parse does: a "__proto__" key is data, never the prototype.
        Object.defineProperty(obj, key, { value: value(), enumerable: true, writable: true, configurable: true });
        skip();
        if (text[i] === ',') i++;
        else {
          expect('}');
          return obj;
        }
      }
    }
    if (ch === '[') {
      i++;
      const arr: unknown[] = [];
      lines.set(arr, lineAt(start));
      skip();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        skip();
        if (text[i] === ',') i++;
        else {
          expect(']');
          return arr;
        }
      }
    }
    if (ch === '"') return string();
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return literal;
      }
    }
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (match) {
      i += match[0].length;
      return Number(match[0]);
    }
    return fail(ch === undefined ? 'unexpected end of the file' : `unexpected ${JSON.stringify(ch)}`);
  };

  try {
    const result = value();
    skip();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the JSON value`);
    return { ok: true, value: result, lineOf: (v) => lines.get(v) };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, line: lineAt(e.at), message: `not valid JSON: ${e.message}` };
    throw e;
  }
}
