import type { ChatMessage } from '../../core/engine';

/**
 * A model without a chat template in its metadata (base models, the bundled test model) gets a
 * plain transcript instead of an error. The model continues after "Assistant:".
 */
export function plainTranscript(messages: ChatMessage[]): string {
  const lines: string[] = [];
  for (const m of messages) {
    if (m.role === 'system') lines.push(m.content.trim(), '');
    else lines.push(`${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content.trim()}`);
  }
  lines.push('Assistant:');
  return lines.join('\n');
}

/** Where a base model starts writing the next user turn itself. */
export const TRANSCRIPT_STOP = ['\nUser:'];
