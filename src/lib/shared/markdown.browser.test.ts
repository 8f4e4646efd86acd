import DOMPurify from 'dompurify';
import { expect, test, vi } from 'vitest';
import { renderMarkdown, StreamingMarkdown } from './markdown';

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

/** A reply as models write them: every block kind, lists that go on after blank lines, code with blank lines. */
const REPLY = `# Chest pain: first steps

Setext heading
--------------

**Troponin** rises in
- MI
- myocarditis

1. Take a history.

2. Examine the patient,
   including the legs.

3. Order an ECG
2. and a second one

> A quoted guideline
that runs on lazily.

\`\`\`text
ECG: ST elevation

in V1–V4
\`\`\`

    indented code

    after a blank line

| Test | Result |
| ---- | ------ |
| hs-TnT | 52 ng/L |
| CK-MB | normal |

---

* loose item one

* loose item two

  with a second paragraph

Done *for
now*.
`;

function streamed(text: string, step: number, check: (html: string, prefix: string) => void): StreamingMarkdown {
  const markdown = new StreamingMarkdown();
  for (let end = 0; end <= text.length; end = end === text.length ? end + 1 : Math.min(text.length, end + step)) {
    const prefix = text.slice(0, end);
    check(markdown.render(prefix, true), prefix);
  }
  return markdown;
}

test('a streamed reply renders at every length exactly as the whole text so far, one character or a batch at a time', () => {
  for (const step of [1, 7, 64]) {
    const markdown = streamed(REPLY, step, (html, prefix) => expect(html, JSON.stringify(prefix.slice(-40))).toBe(renderMarkdown(prefix)));
    expect(markdown.render(REPLY, false)).toBe(renderMarkdown(REPLY));
  }
});

test('each finished block is parsed and sanitized once: the work grows with the reply, not with its square', () => {
  const reply = Array.from({ length: 400 }, (_, i) => `Paragraph ${i}: the patient's *troponin* was measured again.\n\n`).join('');
  const sanitize = vi.spyOn(DOMPurify, 'sanitize');
  try {
    streamed(reply, 20, () => undefined);
    const sanitized = sanitize.mock.calls.reduce((n, [html]) => n + String(html).length, 0);
    // Here about 7 times the reply (tags included); parsing it whole per batch, about 780 times.
    expect(sanitized).toBeLessThan(10 * reply.length);
  } finally {
    sanitize.mockRestore();
  }
});

test('untrusted HTML is inert at every length of the stream, through the same sanitizer', () => {
  const reply = 'Before\n\n<img src=x onerror=alert(1)>\n\n**after**\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n';
  streamed(reply, 1, (html) => {
    const page = document.createElement('template');
    page.innerHTML = html;
    expect(page.content.querySelectorAll('script, img, iframe')).toHaveLength(0);
    for (const element of page.content.querySelectorAll('*')) {
      expect([...element.attributes].filter((a) => a.name.startsWith('on') || /^\s*javascript:/i.test(a.value))).toEqual([]);
    }
  });
});

test('a reply replaced rather than extended, as a regenerated one is, renders afresh', () => {
  const markdown = new StreamingMarkdown();
  markdown.render('First answer.\n\n- one\n\nmore\n', true);
  expect(markdown.render('A **new** answer', true)).toBe(renderMarkdown('A **new** answer'));
});

test('the finished reply is rendered whole, so a link reference defined at its end applies above it', () => {
  const reply = 'See [the guideline][g].\n\nMore text.\n\n[g]: https://example.org/guideline\n';
  const markdown = streamed(reply, 3, () => undefined);
  expect(markdown.render(reply, false)).toBe(renderMarkdown(reply));
  expect(markdown.render(reply, false)).toContain('href="https://example.org/guideline"');
});
