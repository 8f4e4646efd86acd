import { BATTLE_WINNERS, type Battle, type BattleWinner } from './ratings';

/**
 * FastChat battle files: a JSON array of battles, or JSONL with one battle per line. Each battle has
 * `model_a`, `model_b` and `winner` ∈ model_a | model_b | tie | tie (bothbad); `id` (or FastChat's
 * `question_id`) and `tstamp` are optional.
 */

export type BattleParse = { ok: true; battles: Battle[] } | { ok: false; error: string };

/** FNV-1a, 32 bit: an id for a battle that has none, so importing the same file twice adds nothing. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function battleFrom(value: unknown, where: string): Battle | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return `${where}: expected an object with model_a, model_b and winner.`;
  const record = value as Record<string, unknown>;
  for (const field of ['model_a', 'model_b'] as const) {
    if (typeof record[field] !== 'string' || !(record[field] as string).trim()) return `${where}, field "${field}": expected a model name.`;
  }
  const winner = record.winner;
  if (typeof winner !== 'string' || !BATTLE_WINNERS.includes(winner as BattleWinner)) {
    return `${where}, field "winner": expected one of ${BATTLE_WINNERS.join(', ')}, got ${JSON.stringify(winner)}.`;
  }
  const rawId = record.id ?? record.question_id;
  if (rawId !== undefined && typeof rawId !== 'string' && typeof rawId !== 'number') return `${where}, field "id": expected a string.`;
  const tstamp = record.tstamp ?? record.timestamp;
  if (tstamp !== undefined && (typeof tstamp !== 'number' || !Number.isFinite(tstamp))) {
    return `${where}, field "tstamp": expected a number of seconds.`;
  }
  const battle: Battle = { model_a: record.model_a as string, model_b: record.model_b as string, winner: winner as BattleWinner };
  if (tstamp !== undefined) battle.tstamp = tstamp as number;
  battle.id =
    rawId !== undefined
      ? String(rawId)
      : `h${fnv1a(JSON.stringify([battle.model_a, battle.model_b, battle.winner, battle.tstamp ?? null]))}`;
  return battle;
}

/** Parses a whole file; any bad record refuses the file, naming the file, the line or index, and the field. */
export function parseBattles(text: string, fileName: string): BattleParse {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: `${fileName}: the file is empty.` };
  const battles: Battle[] = [];
  if (trimmed.startsWith('[')) {
    let values: unknown;
    try {
      values = JSON.parse(trimmed);
    } catch (e) {
      return { ok: false, error: `${fileName}: not valid JSON (${e instanceof Error ? e.message : String(e)}).` };
    }
    const list = values as unknown[];
    for (let i = 0; i < list.length; i++) {
      const b = battleFrom(list[i], `${fileName}, battle ${i + 1}`);
      if (typeof b === 'string') return { ok: false, error: b };
      battles.push(b);
    }
  } else {
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return { ok: false, error: `${fileName}, line ${i + 1}: not valid JSON.` };
      }
      const b = battleFrom(value, `${fileName}, line ${i + 1}`);
      if (typeof b === 'string') return { ok: false, error: b };
      battles.push(b);
    }
  }
  return { ok: true, battles: dedupeBattles(battles) };
}

/** Keeps the first battle of each id. */
export function dedupeBattles(battles: readonly Battle[]): Battle[] {
  const seen = new Set<string>();
  return battles.filter((b) => {
    if (b.id === undefined) return true;
    if (seen.has(b.id)) return false;
    seen.add(b.id);
    return true;
  });
}

/** JSONL, one battle a line, in FastChat's field names. */
export function battlesToJsonl(battles: readonly Battle[]): string {
  return battles.map((b) => `${JSON.stringify(b)}\n`).join('');
}
