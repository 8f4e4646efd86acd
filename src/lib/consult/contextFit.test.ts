import { describe, expect, test } from 'vitest';
import type { ChatMessage } from '../../../core/engine';
import { contextOverflow, estimateTokens, fitHistory, replyRoom, tokensPerCharOf, TRIMMED_SHARE, type ContextBudget } from './contextFit';

const turn = (role: ChatMessage['role'], n: number): ChatMessage => ({ role, content: 'x'.repeat(n) });

describe('contextOverflow', () => {
  test('reads the prompt size and the window from llama.cpp’s refusal, whatever carries it', () => {
    const message = 'request (2078 tokens) exceeds the available context size (2048 tokens), try increasing it';
    expect(contextOverflow(new Error(message))).toEqual({ requested: 2078, limit: 2048 });
    expect(contextOverflow({ name: 'InferenceFailed', message })).toEqual({ requested: 2078, limit: 2048 });
    expect(contextOverflow(new Error('HTTP 404'))).toBeNull();
  });

  test('reads the worker’s ContextWindowExceeded, which wllama’s refusal is mapped to (wllamaErrors.test.ts pins its words)', () => {
    const message = "The prompt is 2078 tokens, more than this model's 2048-token context window holds.";
    expect(contextOverflow({ name: 'ContextWindowExceeded', message })).toEqual({ requested: 2078, limit: 2048 });
  });
});

describe('counting', () => {
  test('the ratio read from a counted prompt gives that prompt back as the estimate', () => {
    const history = [turn('system', 100), turn('user', 900), turn('assistant', 1000)];
    const rate = tokensPerCharOf(history, 1012)!;
    expect(rate).toBeCloseTo(0.5);
    expect(estimateTokens(history, rate)).toBe(1012);
    expect(tokensPerCharOf(history, 0)).toBeNull();
  });

  test('the reply keeps its max tokens of room, but never more than a quarter of the window', () => {
    expect(replyRoom(64, 2048)).toBe(64);
    expect(replyRoom(1500, 2048)).toBe(512);
  });
});

describe('fitHistory', () => {
  const system = turn('system', 100);
  // Ten exchanges of 200 characters each way: at half a token a character, 104 tokens a message.
  const history = [system, ...Array.from({ length: 10 }, () => [turn('user', 200), turn('assistant', 200)]).flat(), turn('user', 200)];
  const budget: ContextBudget = { limit: 2048, tokensPerChar: 0.5, replyRoom: 64 };

  test('a history that fits with room for the reply is sent as it is', () => {
    const short = history.slice(0, 8);
    expect(fitHistory(short, budget)).toBe(short);
  });

  test('past the window it drops the oldest turns down to half the window, keeps the system prompt and the newest message, and starts at a user turn', () => {
    expect(estimateTokens(history, 0.5) * 1.1 + 64).toBeGreaterThan(2048);
    const kept = fitHistory(history, budget);
    expect(kept[0]).toBe(system);
    expect(kept.at(-1)).toBe(history.at(-1));
    expect(kept[1]!.role).toBe('user');
    expect(kept).toEqual([system, ...history.slice(history.length - kept.length + 1)]);
    expect(estimateTokens(kept, 0.5) * 1.1 + 64).toBeLessThanOrEqual(2048 * TRIMMED_SHARE);
    // No more than that: one turn more would not fit in half the window.
    const oneMore = [system, ...history.slice(history.length - kept.length - 1)];
    expect(estimateTokens(oneMore, 0.5) * 1.1 + 64).toBeGreaterThan(2048 * TRIMMED_SHARE);
  });

  test('after a trim, the next turns fit without another one', () => {
    let view = fitHistory(history, budget);
    for (let i = 0; i < 3; i++) {
      const next = [...view, turn('assistant', 200), turn('user', 200)];
      expect(fitHistory(next, budget)).toBe(next);
      view = next;
    }
  });

  test('a single message too long alone comes back as it is: the engine’s count decides', () => {
    const alone = [system, turn('user', 50_000)];
    expect(fitHistory(alone, budget)).toBe(alone);
    const withHistory = [...history, turn('assistant', 10), turn('user', 50_000)];
    expect(fitHistory(withHistory, budget)).toEqual([system, withHistory.at(-1)]);
  });
});
