import { expect, test } from 'vitest';
import { renderMarkdown } from './markdown';

test('markdown formatting survives', () => {
  const html = renderMarkdown('**Troponin** rises in\n\n- MI\n- myocarditis');
  expect(html).toContain('<strong>Troponin</strong>');
  expect(html).toContain('<li>MI</li>');
});

test('script, event handlers, javascript: links and images are removed', () => {
  const html = renderMarkdown('<script>alert(1)</script><b onclick="x()">hi</b> [a](javascript:alert(1)) ![t](https://tracker.example/p.png) <img src=x onerror=alert(1)>');
  expect(html).not.toMatch(/<script|onclick|javascript:|<img|onerror/);
  expect(html).toContain('hi');
});
