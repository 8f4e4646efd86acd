import { fetchOrProblem, httpHint, servedHtml, type HttpProblem } from './httpSource';

/**
 * The files web-llm 0.2.86 reads before any weight shard, checked in its order: the chat config (which
 * names the tokenizer), the tensor cache (which lists the shards), the tokenizer and the model library.
 * Used by the page when an MLC model is added and by the engine worker to explain a failed load, so both
 * name the same missing file. Nothing else is fetched: no shard, and the tokenizer and library only by HEAD.
 */

/** Why one required file of an MLC model could not be had. */
export type MlcFileProblem = HttpProblem | { kind: 'html' } | { kind: 'not-json' } | { kind: 'ndarray-cache' };

export interface MlcMissingFile {
  /** The file's name, or "model library" for the .wasm. */
  file: string;
  url: string;
  problem: MlcFileProblem;
}

export type MlcSourceReading = { ok: true; config: unknown; tensorCache: unknown } | { ok: false; missing: MlcMissingFile };

/** Hugging Face repository URLs serve files under resolve/main/, as web-llm fetches them. */
export function mlcResolveBase(weightsUrl: string): string {
  const url = new URL(weightsUrl);
  const path = url.pathname.replace(/\/+$/, '');
  if (url.hostname === 'huggingface.co' && !path.includes('/resolve/')) return `${url.origin}${path}/resolve/main/`;
  return `${url.origin}${path}/`;
}

async function readJson(url: string, fetchImpl: typeof fetch): Promise<{ json: unknown } | { problem: MlcFileProblem }> {
  const answer = await fetchOrProblem(url, {}, fetchImpl);
  if (!(answer instanceof Response)) return { problem: answer };
  if (servedHtml(answer)) {
    await answer.body?.cancel().catch(() => undefined);
    return { problem: { kind: 'html' } };
  }
  try {
    return { json: await answer.json() };
  } catch {
    return { problem: { kind: 'not-json' } };
  }
}

/** Whether `url` can be downloaded, asked with HEAD so a large file is not fetched for the question. */
async function present(url: string, fetchImpl: typeof fetch): Promise<MlcFileProblem | null> {
  const answer = await fetchOrProblem(url, { method: 'HEAD' }, fetchImpl);
  if (!(answer instanceof Response)) return answer;
  return servedHtml(answer) ? { kind: 'html' } : null;
}

/** The tokenizer web-llm will fetch: tokenizer.json where the config lists it (or lists none), else tokenizer.model. */
function tokenizerFile(config: unknown): string {
  const files = (config as { tokenizer_files?: unknown } | null)?.tokenizer_files;
  if (!Array.isArray(files) || files.includes('tokenizer.json')) return 'tokenizer.json';
  return files.includes('tokenizer.model') ? 'tokenizer.model' : 'tokenizer.json';
}

/**
 * Reads an MLC model's config and tensor cache and checks that its tokenizer and model library exist;
 * stops at the first file that cannot be had and names it with its URL and what the host answered.
 */
export async function readMlcSource(
  weightsUrl: string,
  modelLibUrl: string,
  fetchImpl: typeof fetch = (i, init) => fetch(i, init),
): Promise<MlcSourceReading> {
  const base = mlcResolveBase(weightsUrl);
  const at = (file: string) => new URL(file, base).href;
  const missing = (file: string, url: string, problem: MlcFileProblem): MlcSourceReading => ({
    ok: false,
    missing: { file, url, problem },
  });

  const config = await readJson(at('mlc-chat-config.json'), fetchImpl);
  if ('problem' in config) return missing('mlc-chat-config.json', at('mlc-chat-config.json'), config.problem);

  const cache = await readJson(at('tensor-cache.json'), fetchImpl);
  if ('problem' in cache) {
    // Weights converted by an older mlc_llm name their cache ndarray-cache.json, which this web-llm does not read.
    const old = cache.problem.kind === 'http' ? await present(at('ndarray-cache.json'), fetchImpl) : cache.problem;
    return missing('tensor-cache.json', at('tensor-cache.json'), old === null ? { kind: 'ndarray-cache' } : cache.problem);
  }

  const tokenizer = tokenizerFile(config.json);
  const tokenizerProblem = await present(at(tokenizer), fetchImpl);
  if (tokenizerProblem) return missing(tokenizer, at(tokenizer), tokenizerProblem);

  const libraryProblem = await present(modelLibUrl, fetchImpl);
  if (libraryProblem) return missing('model library', modelLibUrl, libraryProblem);

  return { ok: true, config: config.json, tensorCache: cache.json };
}

/** After a load failed: the first required file that cannot be had, or null where all are there. Never throws. */
export async function diagnoseMlcSource(weightsUrl: string, modelLibUrl: string, fetchImpl?: typeof fetch): Promise<MlcMissingFile | null> {
  try {
    const reading = await readMlcSource(weightsUrl, modelLibUrl, fetchImpl);
    return reading.ok ? null : reading.missing;
  } catch {
    return null;
  }
}

/** The sentence for a missing file: which file, at which URL, and what the host answered. */
export function missingFileMessage({ file, url, problem }: MlcMissingFile): string {
  const what = file === 'model library' ? 'The model library (.wasm)' : `The MLC model's ${file}`;
  switch (problem.kind) {
    case 'http':
      return `${what} could not be downloaded from ${url}: the server answered HTTP ${problem.status} (${httpHint(problem.status)}).`;
    case 'cors':
      return `${what} at ${url} is blocked by the browser: ${problem.host} does not allow other sites to download from it (CORS). The host must answer with "Access-Control-Allow-Origin: *" (or this site's origin).`;
    case 'network':
      return `${what} at ${url} could not be reached: the network failed, or this app may not download from ${problem.host}.`;
    case 'html':
      return `${what} at ${url} is an HTML page, not the file: the URL probably points at a web page about the model rather than at its files.`;
    case 'not-json':
      return `${what} at ${url} is not valid JSON: the folder does not hold weights made by mlc_llm.`;
    case 'ndarray-cache':
      return `${what} is missing at ${url}: the weights ship ndarray-cache.json from an older mlc_llm, and web-llm 0.2.86 reads tensor-cache.json. Convert them again with a current mlc_llm.`;
  }
}
