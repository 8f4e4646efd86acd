import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ChatMessage, ChatResult, GenerateOptions } from '../../../core/engine';
import { buildStores, type Stores } from '../app/stores';
import { contextOverflow } from './contextFit';

/** One turn of the consultation as the user lives it: from Send to the first word of the reply. */
interface TurnRecord {
  turn: number;
  firstTokenMs: number;
  /** Requests the engine refused as too long during this turn. */
  refused: number;
  promptTokens: number;
  /** Whether the model's view was cut at this turn (a new start: the engine reads the whole prompt again). */
  trimmed: boolean;
}

const TURNS_PAST_LIMIT = 20;
const TURN = 'The night nurse walked along the quiet ward, checked each bed, and wrote down what she saw. ';

let stores: Stores;
beforeAll(async () => {
  stores = buildStores();
  await stores.device.probe();
  await stores.consult.init();
  stores.consult.newConsultation();
  await stores.consult.setSampling({ temperature: 0, topP: 1, maxTokens: 64 });
  expect(await stores.engine.load(stores.library.entry('stories260K'))).toBe(true);
});
afterAll(async () => {
  if (stores.consult.current) await stores.consult.remove(stores.consult.current.id);
  await stores.engine.client.remote.unload();
});

test(`${TURNS_PAST_LIMIT} turns past the context limit: after the first trim the engine refuses nothing, and trims leave room for the next turns`, async () => {
  const { consult, engine } = stores;
  // Every request reaches the real engine; this only notes which ones it refused and when the first words came.
  let refused = 0;
  let firstPieceAt = 0;
  const chat = engine.chat.bind(engine);
  engine.chat = async (history: ChatMessage[], options: GenerateOptions, onToken: (piece: string) => void): Promise<ChatResult> => {
    try {
      return await chat(history, options, (piece) => {
        firstPieceAt ||= performance.now();
        onToken(piece);
      });
    } catch (e) {
      if (contextOverflow(e)) refused += 1;
      throw e;
    }
  };

  const turns: TurnRecord[] = [];
  let firstTrim = -1;
  for (let turn = 0; firstTrim < 0 || turn < firstTrim + 1 + TURNS_PAST_LIMIT; turn++) {
    expect(turn, 'the consultation reached the context limit').toBeLessThan(60);
    const viewBefore = consult.current?.viewStartId;
    refused = 0;
    firstPieceAt = 0;
    consult.draft = `${turn}: ${TURN.repeat(3)}`;
    const sent = performance.now();
    await consult.send();
    expect(consult.error).toBeNull();
    const reply = consult.messages.at(-1)!;
    expect(reply).toMatchObject({ role: 'assistant', status: 'complete' });
    const trimmed = consult.current?.viewStartId !== viewBefore;
    if (trimmed && firstTrim < 0) firstTrim = turn;
    turns.push({ turn, firstTokenMs: Math.round(firstPieceAt - sent), refused, promptTokens: reply.usage!.promptTokens, trimmed });
  }
  // The measurement the README reports: first-token time at every turn, before and after the limit.
  console.log(
    `context limit ${engine.capabilities!.contextSize} tokens, first trim at turn ${firstTrim}\n` +
      turns
        .map(
          (t) =>
            `turn ${t.turn}: first token ${t.firstTokenMs} ms, prompt ${t.promptTokens} tokens, refused ${t.refused}${t.trimmed ? ', trimmed' : ''}`,
        )
        .join('\n'),
  );

  const past = turns.slice(firstTrim + 1);
  expect(past).toHaveLength(TURNS_PAST_LIMIT);
  expect(
    past.filter((t) => t.refused > 0).map((t) => t.turn),
    'turns after the first trim that sent a prompt the engine refused',
  ).toEqual([]);
  // Each trim drops to half the window, so several turns fit before the next one; never a trim at every turn.
  expect(past.filter((t) => t.trimmed).length).toBeLessThanOrEqual(TURNS_PAST_LIMIT / 3);
  for (const t of past) expect(t.promptTokens).toBeLessThan(engine.capabilities!.contextSize);
}, 600_000);
