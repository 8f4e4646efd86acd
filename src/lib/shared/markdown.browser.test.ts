import { expect, test } from 'vitest';
import { renderMarkdown } from './markdown';

test('markdown formatting survives', () => {
  const html = renderMarkdown('**Troponin** rises in\n\n- MI\n- myocarditis');
  expect(html).toContain('<strong>Troponin</strong>');
  expect(html).toContain('<li>MI</li>');
});

test('raw HTML from the model loses scripts and event handlers', () => {
  const html = renderMarkdown('<script>alert(1)</script><b onclick="x()">hi</b> <img src=x onerror=alert(1)>');
  expect(html).not.toMatch(/<script|onclick|<img|onerror/);
  expect(html).toContain('hi');
});

test('javascript: links lose their target and remote images are dropped, so nothing loads from elsewhere', () => {
  const link = renderMarkdown('[click me](javascript:alert(1))');
  expect(link).toContain('click me');
  expect(link).not.toMatch(/href="javascript:/);
  const image = renderMarkdown('![pixel](https://tracker.example/p.png)');
  expect(image).not.toMatch(/<img|tracker\.example/);
});
