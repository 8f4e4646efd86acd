import { describe, expect, it } from 'vitest';
import type { EndpointInfo } from '../../core/engine';
import { servedModeRefusal } from './servedModes';

const ollama: EndpointInfo = {
  host: '127.0.0.1:11434',
  baseUrl: 'http://127.0.0.1:11434',
  server: { kind: 'ollama', version: '0.12.3' },
  modelId: 'llama3.2',
  precision: null,
  capabilities: {
    chat: { ok: true },
    streaming: { ok: true },
    'letter-logprob': { ok: false, reason: 'Ollama returns no log-probabilities for the tokens of a prompt.' },
    'option-logprob': { ok: false, reason: 'Ollama returns no log-probabilities for the tokens of a prompt.' },
  },
  concurrency: 4,
};

describe('a run on a served model', () => {
  it('refuses a log-prob mode the server cannot score, naming the host and the probe’s reason; generative mode runs', () => {
    expect(servedModeRefusal(ollama, 'letter-logprob')).toBe(
      'letter-logprob cannot run on the server at 127.0.0.1:11434: Ollama returns no log-probabilities for the tokens of a prompt.',
    );
    expect(servedModeRefusal(ollama, 'option-logprob')).toContain('option-logprob cannot run');
    expect(servedModeRefusal(ollama, 'generative')).toBeNull();
  });

  it('refuses generative mode where chat failed, and nothing for a model in the browser', () => {
    const noChat = { ...ollama, capabilities: { ...ollama.capabilities, chat: { ok: false as const, reason: 'HTTP 404' } } };
    expect(servedModeRefusal(noChat, 'generative')).toBe('generative cannot run on the server at 127.0.0.1:11434: HTTP 404');
    expect(servedModeRefusal(undefined, 'letter-logprob')).toBeNull();
  });
});
