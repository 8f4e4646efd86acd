import { expect, test } from 'vitest';
import { plainTranscript, TRANSCRIPT_STOP } from './plainTranscript';

test('a conversation becomes a transcript that ends where the assistant speaks next', () => {
  const text = plainTranscript([
    { role: 'system', content: 'You are a tutor.' },
    { role: 'user', content: 'What is a troponin?' },
    { role: 'assistant', content: 'A cardiac protein.' },
    { role: 'user', content: ' And CK-MB? ' },
  ]);
  expect(text).toBe('You are a tutor.\n\nUser: What is a troponin?\nAssistant: A cardiac protein.\nUser: And CK-MB?\nAssistant:');
});

test('the stop sequence is what the next user turn starts with', () => {
  const text = plainTranscript([
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'hello' },
    { role: 'user', content: 'x' },
  ]);
  expect(text.includes(TRANSCRIPT_STOP[0]!)).toBe(true);
});
