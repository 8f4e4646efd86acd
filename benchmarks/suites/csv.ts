/**
 * RFC 4180 CSV reader shared by the custom-suite parser and the MMLU build (hendrycks CSVs have
 * quoted fields with commas, doubled quotes and CRLF row ends). Strict about quotes, because a stray
 * quote usually means a broken export and silently shifting columns would corrupt answers.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts (records may span lines inside quoted fields). */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

/**
 * Records end at LF or CRLF; a final line break is optional; blank lines are skipped. Line breaks
 * inside quoted fields are kept, with CRLF turned into LF so text does not depend on the exporter's OS.
 */
export function parseCsv(text: string): CsvResult {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let i = 0;
  let atFieldStart = true;

  const endRecord = (): void => {
    fields.push(field);
    // A blank line is one empty unquoted field: not a record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };

  while (i < src.length) {
    const ch = src[i];
    if (atFieldStart && ch === '"') {
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= src.length) return { ok: false, line: openedOn, message: 'unterminated quoted field' };
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\r' && src[i + 1] === '\n') {
          field += '\n';
          line++;
          i += 2;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && src[i + 1] === '\n')) {
        return { ok: false, line, message: `expected ',' or end of line after a closing quote but got ${JSON.stringify(next)}` };
      }
      atFieldStart = false;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (ch === '\n' || (ch === '\r' && src[i + 1] === '\n')) {
      endRecord();
      i += ch === '\n' ? 1 : 2;
      line++;
      recordLine = line;
      continue;
    }
    if (ch === '"') {
      return { ok: false, line, message: "unexpected '\"' inside an unquoted field (quote the whole field and double any quote in it)" };
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (fields.length > 0 || field !== '' || !atFieldStart) endRecord();
  return { ok: true, records };
}
