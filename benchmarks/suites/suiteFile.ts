import { sha256Hex } from '../sha256';
import { parseSuite, type ParseSuiteResult } from './parseSuite';
import { textFileProblem } from './textFileProblem';

/**
 * Validates a suite file the user chose, the same way on the Benchmarks page and in `npm run bench
 * --suite-file`: CSV by extension (else told apart by the text), the file's hash as its source hash,
 * and an id and name from the file name wherever no header states them.
 */
export async function parseSuiteFile(fileName: string, text: string): Promise<ParseSuiteResult> {
  const problem = textFileProblem(text);
  if (problem) return { ok: false, errors: [{ line: 1, message: problem }], truncated: false };
  const name = fileName.replace(/\.(jsonl|csv|json)$/i, '');
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'suite';
  return parseSuite(text, {
    sha256: await sha256Hex(text),
    format: /\.csv$/i.test(fileName) ? 'csv' : undefined,
    id: `custom-${slug}`,
    name,
  });
}
