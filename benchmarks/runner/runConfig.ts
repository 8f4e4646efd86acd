import type { PrecisionSetting, ScoringTruncation } from '../../core/engine';
import type { ItemExclusions, ItemSelection, PromptTemplate, RunConfig, RunProtocol } from '../../core/run';
import type { ScoringMode } from '../../core/suite';
import { promptRef } from '../prompts/templates';
import { suiteSpecs } from '../suites/specs';

/** The lm-evaluation-harness release whose task templates (medqa, medmcqa, pubmedqa, mmlu, cmmlu, headqa) the prompts follow. */
export const LM_EVAL_TEMPLATES = 'v0.4.9.1';

export interface RunConfigRequest {
  suite: { id: string; version: number; sha256: string };
  mode: ScoringMode;
  selection: ItemSelection;
  seed: number;
  maxTokens: number;
  template: PromptTemplate;
  /** What the engine does with BOS (EngineCapabilities.addsBos). */
  addsBos: boolean | null;
  /** What the engine does with an over-long request (EngineCapabilities.truncation); absent: it refuses it. */
  truncation?: ScoringTruncation;
  /** The precision the model was loaded with (EngineCapabilities.precision), where the engine reports one. */
  precision?: PrecisionSetting;
  /** Few-shot exemplars per item; 0 when absent. */
  nShot?: number;
  /** Keep items that need a figure; left out when absent. */
  includeImageItems?: boolean;
  /** What eligibleItems left out of the suite for this mode. */
  excluded?: ItemExclusions;
}

/** lm-eval applies `--limit` per task, and MMLU's subjects are tasks: a limit on such a suite is per subject. */
function lmEvalSelection(suiteId: string, selection: ItemSelection): ItemSelection {
  if (selection.kind !== 'limit') return selection;
  const subjectsAreTasks = suiteSpecs.some((s) => s.id === suiteId && 'subjects' in s);
  return { ...selection, perSubject: subjectsAreTasks };
}

/** A run's full config with its protocol, the same for a browser run and a native reference run. */
export async function runConfigFor(req: RunConfigRequest): Promise<RunConfig> {
  return {
    suite: { ...req.suite },
    prompt: await promptRef(req.template),
    mode: req.mode,
    generation: { temperature: 0, topP: 1, maxTokens: req.maxTokens, seed: req.seed },
    seed: req.seed,
    selection: lmEvalSelection(req.suite.id, req.selection),
    nShot: req.nShot ?? 0,
    ...(req.includeImageItems ? { includeImageItems: true } : {}),
    ...(req.excluded ? { excluded: { ...req.excluded } } : {}),
    protocol: {
      lmEval: LM_EVAL_TEMPLATES,
      bos: req.addsBos,
      scoring: req.mode === 'generative' ? 'generate-extract' : 'canonical-split',
      ...truncationOf(req.truncation),
      ...(req.precision ? { precision: { ...req.precision } } : {}),
    },
  };
}

function truncationOf(truncation: ScoringTruncation | undefined): Pick<RunProtocol, 'truncation' | 'maxLength'> {
  return truncation?.kind === 'per-request' ? { truncation: 'per-request', maxLength: truncation.maxLength } : { truncation: 'refuse' };
}
