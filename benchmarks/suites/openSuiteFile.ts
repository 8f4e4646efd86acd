import type { OpenSuiteFormat } from '../../core/openEnded';
import { sha256Hex } from '../sha256';
import { importHealthBench, looksLikeHealthBench } from './importHealthBench';
import { importMedsBench } from './importMedsBench';
import { parseOpenSuite, type ParseOpenSuiteResult } from './parseOpenSuite';
import { isRecord, stripBom } from './suiteFields';
import { textFileProblem } from './textFileProblem';

export type { OpenSuiteFormat };

/**
 * Which open-ended format a file is in: CSV by extension; a MedS-Bench task by extension `.json` or a
 * first record with `Instances` or `Definition` (or a first line that is not a whole JSON value, i.e. a
 * pretty-printed document); HealthBench by `prompt_id` and `rubrics`; otherwise Bedside's JSONL.
 */
export function detectOpenSuiteFormat(fileName: string, text: string): OpenSuiteFormat {
  if (/\.csv$/i.test(fileName)) return 'bedside-csv';
  if (/\.json$/i.test(fileName)) return 'medsbench-json';
  const body = stripBom(text).trimStart();
  if (!body.startsWith('{')) return 'bedside-csv';
  const firstLine = body.split('\n', 1)[0]!;
  let first: unknown;
  try {
    first = JSON.parse(firstLine);
  } catch {
    return 'medsbench-json';
  }
  if (!isRecord(first) || 'Instances' in first || 'Definition' in first) return 'medsbench-json';
  return looksLikeHealthBench(first) ? 'healthbench-jsonl' : 'bedside-jsonl';
}

/**
 * Whether a picked file is an open-ended suite rather than a multiple-choice one, so the page and the CLI
 * can send it to the right validator: a MedS-Bench or HealthBench file; a CSV whose header row has a
 * `prompt` column; a JSONL whose first records say `"kind": "open-ended"` or have a `prompt`.
 */
export function isOpenSuiteFile(fileName: string, text: string): boolean {
  const format = detectOpenSuiteFormat(fileName, text);
  if (format === 'medsbench-json' || format === 'healthbench-jsonl') return true;
  const lines = stripBom(text)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 2);
  if (format === 'bedside-csv') {
    return (lines[0] ?? '').split(',').some((c) => c.trim().toLowerCase() === 'prompt');
  }
  return lines.some((line) => {
    try {
      const value: unknown = JSON.parse(line);
      return isRecord(value) && (value.kind === 'open-ended' || 'prompt' in value);
    } catch {
      return false;
    }
  });
}

/**
 * Validates an open-ended suite file the user chose, on the Benchmarks page and in `npm run bench
 * --suite-file`: the file's hash as its source hash, and an id and name from the file name wherever the
 * file states none.
 */
export async function parseOpenSuiteFile(fileName: string, text: string): Promise<ParseOpenSuiteResult & { format: OpenSuiteFormat }> {
  const format = detectOpenSuiteFormat(fileName, text);
  const problem = textFileProblem(text);
  if (problem) return { ok: false, errors: [{ line: 1, message: problem }], truncated: false, format };
  const name = fileName.replace(/\.(jsonl|csv|json)$/i, '');
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'suite';
  const options = { sha256: await sha256Hex(text), id: `custom-${slug}`, name };
  const result =
    format === 'healthbench-jsonl'
      ? importHealthBench(text, options)
      : format === 'medsbench-json'
        ? importMedsBench(text, options)
        : parseOpenSuite(text, format === 'bedside-csv' ? 'csv' : 'jsonl', options);
  return { ...result, format };
}
