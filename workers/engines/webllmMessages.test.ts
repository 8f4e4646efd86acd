import { describe, expect, it } from 'vitest';
import { isBedsideError } from '../../core/errors';
import { modelLacksSystemRole, toWebLlmMessages } from './webllmMessages';

const native = { foldSystemIntoUser: false };
const fold = { foldSystemIntoUser: true };

describe('toWebLlmMessages', () => {
  it('passes a plain user/assistant conversation through in order', () => {
    const msgs = toWebLlmMessages(
      [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: 'Dose of amoxicillin?' },
      ],
      native,
    );
    expect(msgs.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(msgs[2]?.content).toBe('Dose of amoxicillin?');
  });

  it('merges every system message into one leading system prompt, since web-llm accepts it only first', () => {
    const msgs = toWebLlmMessages(
      [
        { role: 'system', content: 'You are a careful clinician.' },
        { role: 'user', content: 'Q1' },
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Q2' },
      ],
      native,
    );
    expect(msgs[0]).toEqual({ role: 'system', content: 'You are a careful clinician.\n\nAnswer briefly.' });
    expect(msgs.filter((m) => m.role === 'system')).toHaveLength(1);
  });

  it('folds the system prompt into the first user turn for models without a system role', () => {
    const msgs = toWebLlmMessages(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1' },
        { role: 'user', content: 'Q2' },
      ],
      fold,
    );
    expect(msgs[0]).toEqual({ role: 'user', content: 'Be brief.\n\nQ1' });
    expect(msgs[2]).toEqual({ role: 'user', content: 'Q2' });
    expect(msgs).toHaveLength(3);
    expect(msgs.some((m) => m.role === 'system')).toBe(false);
  });

  it('drops an empty system prompt instead of sending a blank one', () => {
    const msgs = toWebLlmMessages(
      [
        { role: 'system', content: '  ' },
        { role: 'user', content: 'Q' },
      ],
      native,
    );
    expect(msgs).toEqual([{ role: 'user', content: 'Q' }]);
  });

  it('refuses a conversation that does not end with the user', () => {
    const error = (() => {
      try {
        toWebLlmMessages(
          [
            { role: 'user', content: 'Q' },
            { role: 'assistant', content: 'A' },
          ],
          native,
        );
      } catch (e) {
        return e;
      }
    })();
    expect(isBedsideError(error, 'InferenceFailed')).toBe(true);
    expect(() => toWebLlmMessages([], native)).toThrow(/end with a user message/);
  });
});

describe('modelLacksSystemRole', () => {
  it('is true for Gemma models and false for Llama, Qwen and Phi', () => {
    expect(modelLacksSystemRole('gemma-2-2b-it-q4f32_1-MLC')).toBe(true);
    expect(modelLacksSystemRole('Llama-3.2-1B-Instruct-q4f16_1-MLC')).toBe(false);
    expect(modelLacksSystemRole('Qwen2.5-3B-Instruct-q4f32_1-MLC')).toBe(false);
    expect(modelLacksSystemRole('Phi-3.5-mini-instruct-q4f16_1-MLC')).toBe(false);
  });
});
