import { describe, expect, test } from 'vitest';
import type { ChatMessage } from '../../../core/engine';
import { contextOverflow, dropOldestTurns } from './contextFit';

const turn = (role: ChatMessage['role'], n: number): ChatMessage => ({ role, content: 'x'.repeat(n) });

describe('contextOverflow', () => {
  test('reads the request size and the window from llama.cpp’s refusal, whatever carries it', () => {
    const message = 'request (2078 tokens) exceeds the available context size (2048 tokens), try increasing it';
    expect(contextOverflow(new Error(message))).toEqual({ requested: 2078, limit: 2048 });
    expect(contextOverflow({ name: 'InferenceFailed', message })).toEqual({ requested: 2078, limit: 2048 });
    expect(contextOverflow(new Error('HTTP 404'))).toBeNull();
  });
});

describe('dropOldestTurns', () => {
  const system = turn('system', 100);
  const history = [system, turn('user', 1000), turn('assistant', 1000), turn('user', 1000), turn('assistant', 1000), turn('user', 1000)];

  test('keeps the system prompt and the newest message, and starts the view at a user turn', () => {
    // 5100 characters for 2550 tokens: about 0.5 token a character; 500 tokens over needs two turns dropped.
    const kept = dropOldestTurns(history, { requested: 2550, limit: 2048 })!;
    expect(kept[0]).toBe(system);
    expect(kept.at(-1)).toBe(history.at(-1));
    expect(kept[1]!.role).toBe('user');
    expect(kept).toEqual([system, ...history.slice(3)]);
  });

  test('drops at least one turn even when the overflow is tiny, so retries always make progress', () => {
    expect(dropOldestTurns(history, { requested: 2049, limit: 2048 })).toEqual([system, ...history.slice(3)]);
  });

  test('a single message too long alone cannot be shortened: null', () => {
    expect(dropOldestTurns([system, turn('user', 50_000)], { requested: 25_000, limit: 2048 })).toBeNull();
    expect(dropOldestTurns([turn('user', 50_000)], { requested: 25_000, limit: 2048 })).toBeNull();
  });
});
