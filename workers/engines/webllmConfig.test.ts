import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../core/engine';
import { isBedsideError } from '../../core/errors';
import { needsShaderF16, preflightError, webLlmModelRecord } from './webllmConfig';

const spec: ModelSpec = {
  id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
  name: 'Llama 3.2 1B Instruct',
  backend: 'webllm',
  url: 'https://huggingface.co/mlc-ai/Llama-3.2-1B-Instruct-q4f16_1-MLC',
  modelLib:
    'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/Llama-3.2-1B-Instruct-q4f16_1_cs1k-webgpu.wasm',
  quant: 'q4f16_1',
  contextSize: 4096,
};

describe('needsShaderF16', () => {
  it('is true for f16 MLC quantizations and false for f32 ones and GGUF labels', () => {
    expect(needsShaderF16('q4f16_1')).toBe(true);
    expect(needsShaderF16('q0f16')).toBe(true);
    expect(needsShaderF16('q4f32_1')).toBe(false);
    expect(needsShaderF16('Q4_K_M')).toBe(false);
    expect(needsShaderF16('f16')).toBe(false);
  });
});

describe('webLlmModelRecord', () => {
  it('builds one model record with the f16 requirement and the context size', () => {
    expect(webLlmModelRecord(spec)).toEqual({
      model: spec.url,
      model_id: spec.id,
      model_lib: spec.modelLib,
      required_features: ['shader-f16'],
      overrides: { context_window_size: 4096 },
    });
  });

  it('asks for no GPU feature for a q4f32 model', () => {
    expect(webLlmModelRecord({ ...spec, quant: 'q4f32_1', contextSize: undefined })).not.toHaveProperty('required_features');
  });

  it('refuses a relative weights URL and a model library that is not a .wasm URL', () => {
    expect(() => webLlmModelRecord({ ...spec, url: 'models/x' })).toThrow(/absolute http\(s\) URL of its MLC weights/);
    expect(() => webLlmModelRecord({ ...spec, modelLib: 'https://example.org/lib.js' })).toThrow(/ending in \.wasm/);
    expect(() => webLlmModelRecord({ ...spec, modelLib: undefined })).toThrow(/model library/);
  });
});

describe('preflightError', () => {
  it('refuses every WebLLM model when there is no WebGPU adapter', () => {
    const error = preflightError({ present: false, hasShaderF16: false }, { ...spec, quant: 'q4f32_1' });
    expect(isBedsideError(error, 'WebGpuUnavailable')).toBe(true);
    expect(error?.message).toMatch(/WASM engine/);
  });

  it('refuses an f16 model on an adapter without shader-f16 and points to the q4f32 variant', () => {
    const error = preflightError({ present: true, hasShaderF16: false }, spec);
    expect(isBedsideError(error, 'ShaderF16Unavailable')).toBe(true);
    expect(error?.message).toMatch(/q4f32 variant/);
  });

  it('lets a q4f32 model through on an adapter without shader-f16', () => {
    expect(preflightError({ present: true, hasShaderF16: false }, { ...spec, quant: 'q4f32_1' })).toBeNull();
  });

  it('lets an f16 model through on an adapter with shader-f16', () => {
    expect(preflightError({ present: true, hasShaderF16: true }, spec)).toBeNull();
  });
});
