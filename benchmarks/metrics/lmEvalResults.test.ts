import { describe, expect, it } from 'vitest';
import { externalInterval, externalScoreNotes, isPartialLmEval, parseLmEvalResults } from './lmEvalResults';

/** A results file as lm-eval 0.4 writes it, MedQA only; each test changes what its case is about. */
function resultsFile(medqa: Record<string, unknown>, config: Record<string, unknown> = {}, nSamples: unknown = 1273) {
  return {
    results: { medqa_4options: { alias: 'medqa_4options', 'acc,none': 700 / 1273, 'acc_stderr,none': 0.01394, ...medqa } },
    'n-samples': { medqa_4options: { original: 1273, effective: nSamples } },
    config: { model: 'hf', model_args: 'pretrained=org/med-7b,dtype=float16', limit: null, bootstrap_iters: 100000, ...config },
    lm_eval_version: '0.4.12',
    date: 1735689600,
  };
}

function parsed(doc: unknown, name = 'results.json') {
  const p = parseLmEvalResults(doc, name);
  if (!p.ok) throw new Error(p.error);
  return p.results;
}

describe('parseLmEvalResults', () => {
  it('takes acc ± 1.96·stderr where lm-eval wrote a stderr', () => {
    const r = parsed(resultsFile({}));
    const s = r.scores['medqa-usmle-4']!;
    expect(externalInterval(s)!.method).toBe('stderr');
    expect(externalInterval(s)!.low).toBeCloseTo(700 / 1273 - 1.959964 * 0.01394, 6);
    expect(externalScoreNotes(s, r)).toEqual([]);
  });

  it('gives a labelled Wilson interval from n where the stderr is "N/A" (--bootstrap_iters 0)', () => {
    const r = parsed(resultsFile({ 'acc_stderr,none': 'N/A' }, { bootstrap_iters: 0 }));
    const s = r.scores['medqa-usmle-4']!;
    // 700 of 1273, z = Φ⁻¹(0.975): Wilson 0.522443–0.577021 (computed apart in Python with scipy's norm.ppf).
    expect(s).toEqual({ acc: 700 / 1273, stderr: null, n: 1273 });
    expect(externalInterval(s)).toEqual({ low: expect.closeTo(0.5224433158, 9), high: expect.closeTo(0.577020873, 9), method: 'wilson' });
    expect(externalScoreNotes(s, r)).toEqual(['Wilson interval from n = 1273 (lm-eval wrote no stderr)']);
    // Without n there is nothing to build an interval from: refused, naming the field.
    const noN = resultsFile({ 'acc_stderr,none': 'N/A' });
    delete (noN as Partial<typeof noN>)['n-samples'];
    expect(parseLmEvalResults(noN, 'r.json')).toEqual({
      ok: false,
      error:
        'r.json, field "results.medqa_4options.acc_stderr,none": no standard error ("N/A") and no item count in "n-samples.medqa_4options", so no interval can be given.',
    });
  });

  it('reads config.model_args written as an object (lm-eval 0.4.12)', () => {
    const r = parsed(resultsFile({}, { model_args: { pretrained: 'org/med-7b', dtype: 'float16', trust_remote_code: true } }));
    expect(r.model).toBe('org/med-7b');
    expect(r.modelArgs).toBe('pretrained=org/med-7b,dtype=float16,trust_remote_code=true');
  });

  it('marks a run with config.limit as partial', () => {
    const r = parsed(resultsFile({}, { limit: 100 }, 100));
    expect(r.limit).toBe(100);
    expect(isPartialLmEval(r)).toBe(true);
    expect(externalScoreNotes(r.scores['medqa-usmle-4']!, r)).toEqual(['partial: lm-eval --limit 100']);
    expect(parsed(resultsFile({})).limit).toBeNull();
    expect(isPartialLmEval(parsed(resultsFile({})))).toBe(false);
  });

  it('refuses an accuracy outside [0, 1], naming the file and the field', () => {
    expect(parseLmEvalResults(resultsFile({ 'acc,none': 1.5 }), 'high.json')).toEqual({
      ok: false,
      error: 'high.json, field "results.medqa_4options.acc,none": 1.5 is not a proportion between 0 and 1 (a percentage?).',
    });
    expect(parseLmEvalResults(resultsFile({ 'acc,none': 55.0 }), 'percent.json')).toEqual({
      ok: false,
      error: 'percent.json, field "results.medqa_4options.acc,none": 55 is not a proportion between 0 and 1 (a percentage?).',
    });
    expect(parseLmEvalResults(resultsFile({ 'acc,none': -0.1 }), 'neg.json')).toMatchObject({ ok: false });
    expect(parseLmEvalResults(resultsFile({ 'acc_stderr,none': 1.4 }), 'se.json')).toEqual({
      ok: false,
      error: 'se.json, field "results.medqa_4options.acc_stderr,none": 1.4 is not a standard error of a proportion (0 to 0.5).',
    });
    expect(parseLmEvalResults(resultsFile({}, {}, 0), 'n.json')).toEqual({
      ok: false,
      error: 'n.json, field "n-samples.medqa_4options.effective": expected a positive whole number, got 0.',
    });
  });
});
