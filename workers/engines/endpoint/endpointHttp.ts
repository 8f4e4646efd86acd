import type { ServerKind } from '../../../core/engine';
import { BedsideError, abortError } from '../../../core/errors';
import { browserFetchAdvice } from './corsAdvice';

/** How often, and how patiently, a request that met 429, a 5xx or a network error is tried again. */
export interface RetryPolicy {
  attempts: number;
  /** Wait before the second try; each later wait doubles. */
  firstDelayMs: number;
  /** Longest wait a server's Retry-After may ask for. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, firstDelayMs: 500, maxDelayMs: 30_000 };

export interface EndpointHttpOptions {
  baseUrl: string;
  apiKey?: string;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
  /** The server's kind once probed, so a refused request can name that server's CORS setting. */
  serverKind?: () => ServerKind | null;
}

/** HTTP to one server: paths are resolved against its base URL, and its API key goes nowhere else. */
export interface EndpointHttp {
  readonly baseUrl: string;
  /** Host and port: where text is sent. */
  readonly host: string;
  /** A JSON response, or null when the path is not there (404, 405, not JSON, not reachable): for probing. */
  probe<T>(path: string, init?: { body?: unknown; signal?: AbortSignal }): Promise<T | null>;
  json<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T>;
  /** A successful response whose body the caller reads (a stream); retried only until it starts. */
  open(path: string, body: unknown, signal?: AbortSignal): Promise<Response>;
}

/** The base URL as typed: http(s) only; a trailing slash or `/v1` is dropped, since paths add their own. */
export function normalizeBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new BedsideError('ModelLoadFailed', `"${text}" is not a URL. Give the server's address, e.g. http://127.0.0.1:8080.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BedsideError('ModelLoadFailed', `The endpoint must be an http:// or https:// URL, not ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    throw new BedsideError('ModelLoadFailed', 'Put the API key in its own field, not in the URL: a URL is shown and recorded.');
  }
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', stop);
      resolve();
    }
    function stop() {
      clearTimeout(timer);
      reject(abortError());
    }
    signal?.addEventListener('abort', stop, { once: true });
  });

const retriable = (status: number) => status === 429 || status >= 500;

/** The server's own words from an error body: OpenAI's `{error: {message}}`, FastAPI's `{detail}`, or the text. */
export function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const candidate = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message ?? parsed.detail ?? null);
    if (typeof candidate === 'string' && candidate) return candidate;
    if (candidate !== null) return JSON.stringify(candidate);
  } catch {
    // Not JSON: the text itself, shortened.
  }
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || '(no message)';
}

function retryAfterMs(response: Response, policy: RetryPolicy): number | null {
  const header = response.headers.get('retry-after');
  if (header === null) return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(policy.maxDelayMs, Math.max(0, ms)) : null;
}

export function createEndpointHttp(options: EndpointHttpOptions): EndpointHttp {
  const base = normalizeBaseUrl(options.baseUrl);
  const policy = options.retry ?? DEFAULT_RETRY;
  const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  const baseUrl = base.href.replace(/\/$/, '');

  function urlOf(path: string): URL {
    const url = new URL(base.href);
    url.pathname = `${base.pathname.replace(/\/$/, '')}${path}`;
    return url;
  }

  function init(url: URL, body: unknown, signal?: AbortSignal): RequestInit {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // Only to the base URL's origin; and no redirects while a key rides along, so it cannot follow one elsewhere.
    const keyed = !!options.apiKey && url.origin === base.origin;
    if (keyed) headers.Authorization = `Bearer ${options.apiKey}`;
    return {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      redirect: keyed ? 'error' : 'follow',
    };
  }

  function unreachable(what: string, cause: string, tries: number, spentMs: number): BedsideError {
    const advice = browserFetchAdvice(base, options.serverKind?.() ?? null);
    const after = tries > 1 ? ` after ${tries} tries over ${(spentMs / 1000).toFixed(1)} s` : '';
    return new BedsideError(
      'EndpointUnreachable',
      `The server at ${base.host} did not answer ${what}${after} (${cause}).${advice ? ` ${advice}` : ''}`,
    );
  }

  /** One request with retries; the response returned is ok. */
  async function send(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const url = urlOf(path);
    const what = `${body === undefined ? 'GET' : 'POST'} ${path}`;
    const started = Date.now();
    let delay = policy.firstDelayMs;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetcher(url, init(url, body, signal));
      } catch (e) {
        if (signal?.aborted) throw abortError();
        const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
        if (attempt >= policy.attempts) throw unreachable(what, cause, attempt, Date.now() - started);
        await sleep(delay, signal);
        delay *= 2;
        continue;
      }
      if (response.ok) return response;
      const text = await response.text().catch(() => '');
      if (!retriable(response.status)) {
        const name = response.status === 401 || response.status === 403 ? 'ModelLoadFailed' : 'InferenceFailed';
        const hint = name === 'ModelLoadFailed' ? ' Check the API key.' : '';
        throw new BedsideError(
          name,
          `The server at ${base.host} answered HTTP ${response.status} to ${what}: ${serverMessage(text)}.${hint}`,
        );
      }
      if (attempt >= policy.attempts) {
        throw unreachable(what, `HTTP ${response.status}: ${serverMessage(text)}`, attempt, Date.now() - started);
      }
      await sleep(retryAfterMs(response, policy) ?? delay, signal);
      delay *= 2;
    }
  }

  return {
    baseUrl,
    host: base.host,

    async probe<T>(path: string, probeInit: { body?: unknown; signal?: AbortSignal } = {}): Promise<T | null> {
      const url = urlOf(path);
      let response: Response;
      try {
        response = await fetcher(url, init(url, probeInit.body, probeInit.signal));
      } catch {
        if (probeInit.signal?.aborted) throw abortError();
        return null;
      }
      if (!response.ok) return null;
      try {
        return (await response.json()) as T;
      } catch {
        return null;
      }
    },

    async json<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
      const response = await send(path, body, signal);
      const text = await response.text();
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new BedsideError(
          'InferenceFailed',
          `The server at ${base.host} answered ${path} with something other than JSON: ${serverMessage(text)}`,
        );
      }
    },

    open: (path, body, signal) => send(path, body, signal),
  };
}
