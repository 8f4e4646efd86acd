import { BATTLE_WINNERS, type Battle, type BattleWinner } from './ratings';

/**
 * FastChat battle files: a JSON array of battles, or JSONL with one battle per line. Each battle has
 * `model_a`, `model_b` and `winner` ∈ model_a | model_b | tie | tie (bothbad); `id` and `tstamp` are
 * optional. A file is imported whole, as FastChat reads it: only an explicit battle `id` seen before
 * marks a duplicate. `question_id` names the question, which arena-hard-auto puts to every model
 * (so it repeats by design), and an id-less battle is not a copy of another just because it has the
 * same models and winner.
 */

/** A record that was not imported, and why. */
export interface SkippedBattle {
  /** Where in the file: "line 7" or "battle 7". */
  where: string;
  reason: string;
}

export interface BattleImport {
  fileName: string;
  /** Battle records in the file. */
  read: number;
  /** What to import: every record but the duplicates and the refused, in file order. */
  battles: Battle[];
  /** Records whose battle id an earlier record of the file already has. */
  duplicates: SkippedBattle[];
  /** Records that carry nothing a rating can use. */
  refused: SkippedBattle[];
  /** Battles without an id: all kept, so the same file imported twice adds them twice. */
  withoutId: number;
}

export type BattleParse = { ok: true; result: BattleImport } | { ok: false; error: string };

const SELF_BATTLE = 'model_a and model_b are the same model, which tells the ratings nothing';

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
  const id = record.id;
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') return `${where}, field "id": expected a string.`;
  const tstamp = record.tstamp ?? record.timestamp;
  if (tstamp !== undefined && (typeof tstamp !== 'number' || !Number.isFinite(tstamp))) {
    return `${where}, field "tstamp": expected a number of seconds.`;
  }
  const battle: Battle = { model_a: record.model_a as string, model_b: record.model_b as string, winner: winner as BattleWinner };
  if (id !== undefined) battle.id = String(id);
  if (tstamp !== undefined) battle.tstamp = tstamp as number;
  return battle;
}

/** The file's records with where each one is; a record that is not JSON refuses the file. */
function recordsOf(text: string, fileName: string): { where: string; value: unknown }[] | string {
  const trimmed = text.trim();
  if (!trimmed) return `${fileName}: the file is empty.`;
  if (trimmed.startsWith('[')) {
    let values: unknown;
    try {
      values = JSON.parse(trimmed);
    } catch (e) {
      return `${fileName}: not valid JSON (${e instanceof Error ? e.message : String(e)}).`;
    }
    return (values as unknown[]).map((value, i) => ({ where: `battle ${i + 1}`, value }));
  }
  const records: { where: string; value: unknown }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      records.push({ where: `line ${i + 1}`, value: JSON.parse(line) });
    } catch {
      return `${fileName}, line ${i + 1}: not valid JSON.`;
    }
  }
  return records;
}

/**
 * Parses a whole file. A malformed record refuses the file, naming the file, the line or index and
 * the field, so nothing half-read is stored; a well-formed record is imported unless its id repeats
 * an earlier one or it pits a model against itself, and each of those is counted with its reason.
 */
export function parseBattles(text: string, fileName: string): BattleParse {
  const records = recordsOf(text, fileName);
  if (typeof records === 'string') return { ok: false, error: records };
  const result: BattleImport = { fileName, read: records.length, battles: [], duplicates: [], refused: [], withoutId: 0 };
  const firstWithId = new Map<string, string>();
  for (const { where, value } of records) {
    const battle = battleFrom(value, `${fileName}, ${where}`);
    if (typeof battle === 'string') return { ok: false, error: battle };
    if (battle.model_a === battle.model_b) {
      result.refused.push({ where, reason: SELF_BATTLE });
      continue;
    }
    if (battle.id === undefined) result.withoutId++;
    else {
      const first = firstWithId.get(battle.id);
      if (first !== undefined) {
        result.duplicates.push({ where, reason: `battle id ${JSON.stringify(battle.id)} is already on ${first}` });
        continue;
      }
      firstWithId.set(battle.id, where);
    }
    result.battles.push(battle);
  }
  return { ok: true, result };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function listed(skipped: readonly SkippedBattle[], shown = 5): string {
  const head = skipped.slice(0, shown).map((s) => `${s.where}: ${s.reason}`);
  return skipped.length > shown ? `${head.join('; ')}; and ${skipped.length - shown} more` : head.join('; ');
}

/**
 * What an import did, for the import notice and `npm run ratings` alike: the counts first, then why
 * each record was skipped or refused. `alreadyStored` are battles whose ids an earlier import stored.
 */
export function describeBattleImport(r: BattleImport, alreadyStored = 0): string[] {
  const skipped = r.duplicates.length + alreadyStored;
  const lines = [
    `${r.fileName}: read ${plural(r.read, 'battle')}, imported ${r.battles.length - alreadyStored}, skipped ${skipped} as duplicates, refused ${r.refused.length}.`,
  ];
  if (r.duplicates.length) lines.push(`Skipped as duplicates (same battle id earlier in the file): ${listed(r.duplicates)}.`);
  if (alreadyStored) lines.push(`Skipped as duplicates: ${plural(alreadyStored, 'battle')} whose ids an earlier import already stored.`);
  if (r.refused.length) lines.push(`Refused: ${listed(r.refused)}.`);
  if (r.withoutId) {
    lines.push(
      `${plural(r.withoutId, 'battle')} ${r.withoutId === 1 ? 'has' : 'have'} no battle id (question_id names a question, not a battle), so each counts, as in FastChat.`,
    );
  }
  return lines;
}

/** JSONL, one battle a line, in FastChat's field names. */
export function battlesToJsonl(battles: readonly Battle[]): string {
  return battles.map((b) => `${JSON.stringify(b)}\n`).join('');
}
