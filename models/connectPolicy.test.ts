import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { admits, connectRefusal, connectSources } from './connectPolicy';

/** The app's own policy, read from index.html: the test checks the rule the page really has. */
const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
  readFileSync(new URL('../index.html', import.meta.url), 'utf8'),
)![1]!;
const page = new URL('https://bedside.example.org/app/');

describe('the app’s connect-src', () => {
  const sources = connectSources(policy)!;
  test.each([
    ['https://huggingface.co/bartowski/x/resolve/main/x.gguf', true],
    ['https://cdn-lfs.huggingface.co/repos/ab/cd/file', true],
    ['https://cas-bridge.xethub.hf.co/xet-bridge-us/abc', true],
    ['https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/x.wasm', true],
    ['https://bedside.example.org/app/models/stories260K/stories260K.gguf', true],
    ['https://example.com/model.gguf', false],
    ['https://huggingface.co.evil.example/model.gguf', false],
    ['http://huggingface.co/model.gguf', false],
    ['https://github.com/user/repo/releases/download/v1/model.gguf', false],
  ])('%s: %s', (url, expected) => {
    expect(admits(sources, new URL(url), page)).toBe(expected);
  });
});

describe('CSP source matching', () => {
  test('a wildcard admits subdomains, not the bare domain; ports and paths count', () => {
    expect(admits(['*.example.com'], new URL('https://a.example.com/x'), page)).toBe(true);
    expect(admits(['*.example.com'], new URL('https://example.com/x'), page)).toBe(false);
    expect(admits(['https://example.com:8080'], new URL('https://example.com:8080/x'), page)).toBe(true);
    expect(admits(['https://example.com'], new URL('https://example.com:8080/x'), page)).toBe(false);
    expect(admits(['example.com/models/'], new URL('https://example.com/models/a.gguf'), page)).toBe(true);
    expect(admits(['example.com/models/'], new URL('https://example.com/other/a.gguf'), page)).toBe(false);
    expect(admits(['https:'], new URL('https://anywhere.example/x'), page)).toBe(true);
    expect(admits(["'none'"], new URL('https://bedside.example.org/x'), page)).toBe(false);
  });

  test('connect-src governs fetches, default-src stands in without it, and no directive restricts nothing', () => {
    expect(connectSources("default-src 'self'; connect-src https://a.example")).toEqual(['https://a.example']);
    expect(connectSources("default-src 'self' https://b.example")).toEqual(["'self'", 'https://b.example']);
    expect(connectSources("img-src 'self'")).toBeNull();
  });
});

test('the refusal names the host, the directive and the hosts it admits', () => {
  expect(connectRefusal('https://example.com/model.gguf', policy, page.href)).toBe(
    'example.com is not a host this page may download from: its Content-Security-Policy (connect-src) admits this site, ' +
      'https://huggingface.co, https://*.huggingface.co, https://*.hf.co, https://raw.githubusercontent.com. Nothing was requested. ' +
      'Put the file on one of those hosts, or download it and add it as a file.',
  );
  expect(connectRefusal('https://huggingface.co/x/resolve/main/x.gguf', policy, page.href)).toBeNull();
  expect(connectRefusal('not a url', policy, page.href)).toBeNull();
});
