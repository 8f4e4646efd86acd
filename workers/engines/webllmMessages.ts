import type { ChatMessage } from '../../core/engine';
import { BedsideError } from '../../core/errors';

/** The subset of web-llm's ChatCompletionMessageParam that Bedside sends. */
export type WebLlmMessage =
  { role: 'system'; content: string } | { role: 'user'; content: string } | { role: 'assistant'; content: string };

export interface MessageFormatOptions {
  /**
   * Fold the system prompt into the first user turn. For templates with no system slot (Gemma),
   * web-llm would otherwise paste the system text in front of the first turn marker.
   */
  foldSystemIntoUser: boolean;
}

/** Gemma's chat template has no system role; its users put instructions in the first user turn. */
export function modelLacksSystemRole(modelId: string): boolean {
  return /gemma/i.test(modelId);
}

/**
 * Our ChatMessage[] to web-llm's messages. web-llm 0.2.86 accepts a system message only as the first
 * message (SystemMessageOrderError) and needs the last one to come from the user (MessageOrderError),
 * so every system message is merged into one leading system prompt, and a conversation that does
 * not end with the user is refused here with a message that says why.
 */
export function toWebLlmMessages(messages: readonly ChatMessage[], options: MessageFormatOptions): WebLlmMessage[] {
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content.trim())
    .filter((c) => c.length > 0)
    .join('\n\n');
  const turns: WebLlmMessage[] = messages
    .filter((m) => m.role !== 'system')
    .map((m) => (m.role === 'user' ? { role: 'user', content: m.content } : { role: 'assistant', content: m.content }));
  const last = turns[turns.length - 1];
  if (!last || last.role !== 'user') {
    throw new BedsideError('InferenceFailed', 'The conversation must end with a user message before the model can reply.');
  }
  if (!system) return turns;
  if (options.foldSystemIntoUser) {
    const firstUser = turns.findIndex((t) => t.role === 'user');
    const target = turns[firstUser] as WebLlmMessage;
    turns[firstUser] = { role: 'user', content: `${system}\n\n${target.content}` };
    return turns;
  }
  return [{ role: 'system', content: system }, ...turns];
}
