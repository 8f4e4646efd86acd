import type { ModelSpec } from '../../core/engine';
import { BedsideError } from '../../core/errors';

/** The fields of web-llm 0.2.86's ModelRecord that Bedside fills in. */
export interface WebLlmModelRecord {
  model: string;
  model_id: string;
  model_lib: string;
  required_features?: string[];
  overrides?: { context_window_size: number };
}

/** MLC quantization names: q{bits}f{float bits}_{variant}; f16 needs the shader-f16 WebGPU feature. */
export function needsShaderF16(quant: string): boolean {
  return /^q\d+f16(_\d+)?$/i.test(quant);
}

/**
 * One ModelRecord from our ModelSpec. The prebuilt config lists shader-f16 as required for only some
 * f16 models, but every f16 library needs it, so it is set from the quantization: web-llm then fails
 * fast with ShaderF16SupportError instead of after downloading the weights.
 */
export function webLlmModelRecord(spec: ModelSpec): WebLlmModelRecord {
  if (!spec.url || !isAbsoluteHttp(spec.url)) {
    throw new BedsideError('ModelLoadFailed', `${spec.name} needs an absolute http(s) URL of its MLC weights (got ${spec.url ?? 'none'}).`);
  }
  if (!spec.modelLib || !isAbsoluteHttp(spec.modelLib) || !/\.wasm(\?.*)?$/.test(spec.modelLib)) {
    throw new BedsideError(
      'ModelLoadFailed',
      `${spec.name} needs an absolute http(s) URL of a WebLLM model library ending in .wasm (got ${spec.modelLib ?? 'none'}).`,
    );
  }
  return {
    model: spec.url,
    model_id: spec.id,
    model_lib: spec.modelLib,
    ...(needsShaderF16(spec.quant) ? { required_features: ['shader-f16'] } : {}),
    ...(spec.contextSize ? { overrides: { context_window_size: spec.contextSize } } : {}),
  };
}

export interface AdapterSummary {
  present: boolean;
  hasShaderF16: boolean;
}

/**
 * web-llm looks for a GPU only after fetching the model config and library, and the weights come
 * right after; checking first gives the clear answer before anything is downloaded.
 */
export function preflightError(adapter: AdapterSummary, spec: Pick<ModelSpec, 'name' | 'quant'>): BedsideError | null {
  if (!adapter.present) {
    return new BedsideError(
      'WebGpuUnavailable',
      `No WebGPU adapter in this browser, so ${spec.name} cannot run on the GPU engine. Use a browser with WebGPU enabled (a recent Chrome or Edge), or run a GGUF model on the WASM engine instead.`,
    );
  }
  if (needsShaderF16(spec.quant) && !adapter.hasShaderF16) {
    return new BedsideError(
      'ShaderF16Unavailable',
      `${spec.name} needs the shader-f16 WebGPU feature, which this GPU/browser lacks. Pick the q4f32 variant of the model, or run a GGUF model on the WASM engine instead.`,
    );
  }
  return null;
}

function isAbsoluteHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
