import { LEADERBOARD_TASKS } from './leaderboardAverage';
import { Z_95, wilsonInterval } from './wilson';
import { medmcqaDev, medqaUsmle4, pubmedqa } from '../suites/specs';

/**
 * lm-evaluation-harness `results_*.json`: `results[task]` holds `acc` and `acc_stderr` (0.4 writes
 * them as `acc,none` and `acc_stderr,none`), `n-samples[task].effective` the items scored, `config`
 * the model, its arguments (a string, or an object since 0.4.12) and `limit`. Only the tasks of the
 * Open Medical-LLM Leaderboard are read; they become external reference rows.
 */

const LM_EVAL_TASKS: Record<string, string> = {
  medqa_4options: medqaUsmle4.id,
  medmcqa: medmcqaDev.id,
  pubmedqa: pubmedqa.id,
  ...Object.fromEntries(LEADERBOARD_TASKS.filter((t) => t.subject).map((t) => [`mmlu_${t.subject}`, t.id])),
};

export interface ExternalScore {
  acc: number;
  stderr: number | null;
  /** Items evaluated, where the file says (`n-samples`). */
  n: number | null;
}

export interface LmEvalResults {
  fileName: string;
  model: string;
  modelArgs: string;
  date: string | null;
  lmEvalVersion: string | null;
  /**
   * `config.limit`: the run covered only part of each task (a count, or a fraction below 1); null for
   * whole tasks. Absent from results stored before it was read.
   */
  limit?: number | null;
  /** By leaderboard task id. */
  scores: Record<string, ExternalScore>;
}

export type LmEvalParse = { ok: true; results: LmEvalResults } | { ok: false; error: string };

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function isLmEvalResults(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'results' in value && !('format' in value);
}

/** `pretrained=org/model,dtype=float16` from either form lm-eval writes. */
function modelArgsText(args: unknown): string {
  if (typeof args === 'string') return args;
  if (typeof args === 'object' && args !== null && !Array.isArray(args)) {
    return Object.entries(args as Record<string, unknown>)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(',');
  }
  return args === undefined || args === null ? '' : JSON.stringify(args);
}

/**
 * The 95% interval of an external score: acc ± 1.96·stderr as lm-eval reports it, or, where lm-eval
 * wrote no stderr ("N/A" under `--bootstrap_iters 0`), the Wilson interval of acc over n items. Null
 * only for results stored before a missing stderr without n was refused.
 */
export function externalInterval(score: ExternalScore): { low: number; high: number; method: 'stderr' | 'wilson' } | null {
  if (score.stderr !== null) {
    return { low: Math.max(0, score.acc - Z_95 * score.stderr), high: Math.min(1, score.acc + Z_95 * score.stderr), method: 'stderr' };
  }
  if (score.n === null) return null;
  const wilson = wilsonInterval(Math.round(score.acc * score.n), score.n)!;
  return { low: wilson.lower, high: wilson.upper, method: 'wilson' };
}

function scoreOf(
  task: string,
  metrics: Record<string, unknown>,
  n: number | null,
  field: (name: string) => string,
): ExternalScore | string {
  const accKey = 'acc,none' in metrics ? 'acc,none' : 'acc';
  const acc = num(metrics[accKey]);
  if (acc === null) return `${field(accKey)}: expected a number, got ${JSON.stringify(metrics[accKey])}.`;
  if (acc < 0 || acc > 1) {
    return `${field(accKey)}: ${acc} is not a proportion between 0 and 1${acc > 1 && acc <= 100 ? ' (a percentage?)' : ''}.`;
  }
  const stderrKey = 'acc_stderr,none' in metrics ? 'acc_stderr,none' : 'acc_stderr';
  const rawStderr = metrics[stderrKey];
  const stderr = num(rawStderr);
  if (stderr !== null) {
    if (stderr < 0 || stderr > 0.5) return `${field(stderrKey)}: ${stderr} is not a standard error of a proportion (0 to 0.5).`;
    return { acc, stderr, n };
  }
  if (rawStderr !== undefined && rawStderr !== 'N/A')
    return `${field(stderrKey)}: expected a number or "N/A", got ${JSON.stringify(rawStderr)}.`;
  if (n === null) {
    return `${field(stderrKey)}: no standard error (${rawStderr === undefined ? 'missing' : '"N/A"'}) and no item count in "n-samples.${task}", so no interval can be given.`;
  }
  return { acc, stderr: null, n };
}

export function parseLmEvalResults(value: unknown, fileName: string): LmEvalParse {
  const doc = value as { results?: unknown; config?: Record<string, unknown>; 'n-samples'?: Record<string, { effective?: unknown }> };
  if (typeof doc?.results !== 'object' || doc.results === null)
    return { ok: false, error: `${fileName}, field "results": expected lm-eval per-task results.` };
  const scores: Record<string, ExternalScore> = {};
  for (const [task, metrics] of Object.entries(doc.results as Record<string, Record<string, unknown>>)) {
    const taskId = LM_EVAL_TASKS[task];
    if (!taskId) continue;
    const rawN = doc['n-samples']?.[task]?.effective;
    const n = num(rawN);
    if (rawN !== undefined && (n === null || !Number.isInteger(n) || n <= 0)) {
      return {
        ok: false,
        error: `${fileName}, field "n-samples.${task}.effective": expected a positive whole number, got ${JSON.stringify(rawN)}.`,
      };
    }
    const score = scoreOf(task, metrics, n, (name) => `${fileName}, field "results.${task}.${name}"`);
    if (typeof score === 'string') return { ok: false, error: score };
    scores[taskId] = score;
  }
  if (Object.keys(scores).length === 0) {
    return {
      ok: false,
      error: `${fileName}: no Open Medical-LLM Leaderboard task found (expected e.g. ${Object.keys(LM_EVAL_TASKS).slice(0, 3).join(', ')}).`,
    };
  }
  const config = doc.config ?? {};
  const limit = config.limit ?? null;
  if (limit !== null && (num(limit) === null || (limit as number) <= 0)) {
    return { ok: false, error: `${fileName}, field "config.limit": expected a positive number or null, got ${JSON.stringify(limit)}.` };
  }
  const modelArgs = modelArgsText(config.model_args);
  const pretrained =
    typeof config.model_args === 'object' && config.model_args !== null
      ? (config.model_args as Record<string, unknown>).pretrained
      : /pretrained=([^,]+)/.exec(modelArgs)?.[1];
  const raw = value as Record<string, unknown>;
  return {
    ok: true,
    results: {
      fileName,
      model:
        (typeof raw.model_name === 'string' && raw.model_name) ||
        (typeof pretrained === 'string' && pretrained) ||
        String(config.model ?? fileName),
      modelArgs,
      date: typeof raw.date === 'number' ? new Date(raw.date * 1000).toISOString() : typeof raw.date === 'string' ? raw.date : null,
      lmEvalVersion: typeof raw.lm_eval_version === 'string' ? raw.lm_eval_version : null,
      limit: limit as number | null,
      scores,
    },
  };
}

/** How an external score's interval was made and what it covers, for its cell; empty when plain. */
export function externalScoreNotes(score: ExternalScore, results: Pick<LmEvalResults, 'limit'>): string[] {
  const notes: string[] = [];
  const interval = externalInterval(score);
  if (interval === null) notes.push('no interval: lm-eval wrote no stderr and no item count');
  else if (interval.method === 'wilson') notes.push(`Wilson interval from n = ${score.n} (lm-eval wrote no stderr)`);
  if (isPartialLmEval(results)) notes.push(`partial: lm-eval --limit ${results.limit}`);
  return notes;
}

/** A run over part of each task: not the task's score, so it stays out of the leaderboard average. */
export function isPartialLmEval(results: Pick<LmEvalResults, 'limit'>): boolean {
  return results.limit !== undefined && results.limit !== null;
}
