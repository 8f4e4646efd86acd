import { describe, expect, it } from 'vitest';
import { parseJsonWithLines } from './jsonWithLines';

describe('parseJsonWithLines', () => {
  it('gives what JSON.parse gives', () => {
    const docs = [
      '{"a": [1, -0, 2.5e3, 1E-2, -12.75], "b": {"c": null, "d": true, "e": false}, "f": [], "g": {}}',
      '"\\u00e9\\ud83d\\udc8a \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t"',
      '  [ "x" , { "y" : [ [ ] ] } ]  \n',
      '{"__proto__": {"polluted": 1}, "k": 1, "k": 2}',
      '"患者男性，49岁" ',
      '0',
    ];
    for (const doc of docs) {
      const parsed = parseJsonWithLines(doc);
      expect(parsed.ok, doc).toBe(true);
      if (parsed.ok) expect(parsed.value).toStrictEqual(JSON.parse(doc));
    }
    const proto = parseJsonWithLines('{"__proto__": {"polluted": 1}}');
    expect(proto.ok && Object.getPrototypeOf(proto.value)).toBe(Object.prototype);
  });

  it('records the line each object and array starts on', () => {
    const parsed = parseJsonWithLines('{\n  "Instances": [\n    {"id": 1},\n\n    {"id": 2}\n  ]\n}');
    if (!parsed.ok) throw new Error(parsed.message);
    const task = parsed.value as { Instances: object[] };
    expect(parsed.lineOf(task)).toBe(1);
    expect(parsed.lineOf(task.Instances)).toBe(2);
    expect(task.Instances.map((i) => parsed.lineOf(i))).toEqual([3, 5]);
  });

  it('refuses what JSON.parse refuses, with the line', () => {
    for (const [doc, line] of [
      ['{"a": [1, 2,]}', 1],
      ['{\n"a": 01}', 2],
      ['{"a": "open', 1],
      ['{"a": "\\x"}', 1],
      ['{"a": "tab\there"}', 1],
      ['{"a": 1}\n{"b": 2}', 2],
      ['[\n\n', 3],
      ["{'a': 1}", 1],
      ['', 1],
    ] as const) {
      expect(() => JSON.parse(doc), doc).toThrow();
      const parsed = parseJsonWithLines(doc);
      expect(parsed.ok, doc).toBe(false);
      if (!parsed.ok) expect(parsed.line, doc).toBe(line);
    }
  });
});
