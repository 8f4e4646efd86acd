import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { MLC_LIBRARIES, MLC_RECIPES, mlcLibrary, recipeCommands } from './mlcRecipes';

describe('MLC libraries and recipes', () => {
  it('names only libraries web-llm 0.2.86 ships, with its own model_lib URLs', () => {
    for (const lib of MLC_LIBRARIES) {
      const record = prebuiltAppConfig.model_list.find((r) => r.model_id === lib.id);
      expect(record, lib.id).toBeDefined();
      expect(record?.model_lib).toBe(lib.modelLib);
    }
  });

  it('pairs the medical fine-tunes the issue lists with their prebuilt libraries', () => {
    expect(Object.fromEntries(MLC_RECIPES.map((r) => [r.fineTune, r.library]))).toMatchObject({
      'OpenBioLLM-Llama3-8B': 'Llama-3-8B-Instruct',
      'MMed-Llama-3-8B': 'Llama-3-8B-Instruct',
      'Meditron3-8B': 'Llama-3_1-8B-Instruct',
      'MediPhi-Instruct': 'Phi-3.5-mini-instruct',
      'Meditron3-Gemma2-2B': 'gemma-2-2b-it',
      'Meditron3-Qwen2.5-7B': 'Qwen2-7B-Instruct',
    });
  });

  it('marks BioMistral as not fitting the Mistral v0.3 library, for its RoPE base', () => {
    const bio = MLC_RECIPES.find((r) => r.fineTune === 'BioMistral-7B');
    expect(bio?.mismatch).toMatch(/θ 1e4.*θ 1e6/);
    expect(MLC_RECIPES.filter((r) => r.mismatch).map((r) => r.fineTune)).toEqual(['BioMistral-7B']);
  });

  it('gives convert_weight and gen_config commands with the library’s quantization and prefill chunk', () => {
    const [convert, gen] = recipeCommands(MLC_RECIPES[0]!, 'q4f32_1');
    expect(convert).toBe('mlc_llm convert_weight ./Llama3-OpenBioLLM-8B --quantization q4f32_1 -o ./Llama3-OpenBioLLM-8B-q4f32_1-MLC');
    expect(gen).toContain(`--prefill-chunk-size ${mlcLibrary('Llama-3-8B-Instruct', 'q4f32_1').prefillChunkSize}`);
    expect(gen).toContain('--conv-template llama-3 ');
  });
});
