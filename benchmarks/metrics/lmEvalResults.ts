import { LEADERBOARD_TASKS } from './leaderboardAverage';
import { medmcqaDev, medqaUsmle4, pubmedqa } from '../suites/specs';

/**
 * lm-evaluation-harness `results_*.json`: `results[task]` holds `acc` and `acc_stderr` (0.4 writes
 * them as `acc,none` and `acc_stderr,none`), `config` the model and its arguments. Only the tasks of
 * the Open Medical-LLM Leaderboard are read; they become external reference rows.
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

export function parseLmEvalResults(value: unknown, fileName: string): LmEvalParse {
  const doc = value as { results?: unknown; config?: Record<string, unknown>; 'n-samples'?: Record<string, { effective?: unknown }> };
  if (typeof doc?.results !== 'object' || doc.results === null)
    return { ok: false, error: `${fileName}, field "results": expected lm-eval per-task results.` };
  const scores: Record<string, ExternalScore> = {};
  for (const [task, metrics] of Object.entries(doc.results as Record<string, Record<string, unknown>>)) {
    const taskId = LM_EVAL_TASKS[task];
    if (!taskId) continue;
    const acc = num(metrics['acc,none'] ?? metrics.acc);
    if (acc === null) return { ok: false, error: `${fileName}, field "results.${task}.acc": expected a number.` };
    scores[taskId] = { acc, stderr: num(metrics['acc_stderr,none'] ?? metrics.acc_stderr), n: num(doc['n-samples']?.[task]?.effective) };
  }
  if (Object.keys(scores).length === 0) {
    return {
      ok: false,
      error: `${fileName}: no Open Medical-LLM Leaderboard task found (expected e.g. ${Object.keys(LM_EVAL_TASKS).slice(0, 3).join(', ')}).`,
    };
  }
  const config = doc.config ?? {};
  const modelArgs = typeof config.model_args === 'string' ? config.model_args : JSON.stringify(config.model_args ?? '');
  const pretrained = /pretrained=([^,]+)/.exec(modelArgs)?.[1];
  const raw = value as Record<string, unknown>;
  return {
    ok: true,
    results: {
      fileName,
      model: (typeof raw.model_name === 'string' && raw.model_name) || pretrained || String(config.model ?? fileName),
      modelArgs,
      date: typeof raw.date === 'number' ? new Date(raw.date * 1000).toISOString() : typeof raw.date === 'string' ? raw.date : null,
      lmEvalVersion: typeof raw.lm_eval_version === 'string' ? raw.lm_eval_version : null,
      scores,
    },
  };
}
