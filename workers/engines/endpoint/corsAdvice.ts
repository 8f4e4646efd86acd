import type { ServerKind } from '../../../core/engine';

/** What to set on each server so a page from `origin` may call it. */
export function corsSetting(kind: ServerKind | null, origin: string): string {
  switch (kind) {
    case 'llama-server':
      return `start llama-server with --cors-origins ${origin}`;
    case 'vllm':
      return `start vLLM with --allowed-origins '["${origin}"]'`;
    case 'sglang':
      return 'SGLang allows every origin, so check that it is running and that nothing in front of it (a proxy) strips its CORS headers';
    case 'ollama':
      return `start Ollama with OLLAMA_ORIGINS=${origin} in its environment`;
    case 'openai-compatible':
    case null:
      return `let this page's origin (${origin}) in: llama-server --cors-origins, vLLM --allowed-origins, Ollama OLLAMA_ORIGINS, LM Studio "Enable CORS" (Developer tab)`;
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a browser may have refused a request the server never saw. A failed fetch looks the same whether
 * the server is down, CORS refused the page or the browser blocked the address, so each is named; in Node
 * (the CLI) there is no page and nothing to add.
 */
export function browserFetchAdvice(
  endpoint: URL,
  kind: ServerKind | null,
  page: { origin: string; protocol: string } | null = pageLocation(),
): string {
  if (!page) return '';
  const parts: string[] = [];
  if (page.protocol === 'https:' && endpoint.protocol === 'http:') {
    parts.push(
      LOCAL_HOSTS.has(endpoint.hostname) || endpoint.hostname.endsWith('.localhost')
        ? 'This page is served over https and the server over http on this machine: Chrome asks whether this site may reach devices on your local network (allow it), Safari blocks it. Serve Bedside from http://localhost (npm start), or put TLS in front of the server.'
        : 'This page is served over https, so the browser blocks calls to an http:// server (mixed content). Put TLS in front of the server and use its https:// address, or serve Bedside from http://localhost.',
    );
  }
  parts.push(`If the server is running, the browser may have refused the call by CORS: ${corsSetting(kind, page.origin)}.`);
  return parts.join(' ');
}

function pageLocation(): { origin: string; protocol: string } | null {
  const location = (globalThis as { location?: { origin?: string; protocol?: string } }).location;
  return location?.origin && location.protocol ? { origin: location.origin, protocol: location.protocol } : null;
}
