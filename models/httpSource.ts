/**
 * Why a file on a model host could not be read, in terms the user can act on. Shared by the GGUF check
 * (ggufSource.ts) and the MLC check (mlcSource.ts), so both tell a 404, CORS and a dead network apart
 * the same way.
 */
export type HttpProblem = { kind: 'http'; status: number } | { kind: 'cors'; host: string } | { kind: 'network'; host: string };

/**
 * A fetch that failed before any answer is either CORS or the network: a host that answers a no-cors
 * request is reachable, so it was the browser that withheld the answer.
 */
async function blockedProblem(url: URL, fetchImpl: typeof fetch): Promise<HttpProblem> {
  try {
    await fetchImpl(url.href, { method: 'HEAD', mode: 'no-cors' });
    return { kind: 'cors', host: url.host };
  } catch {
    return { kind: 'network', host: url.host };
  }
}

/** What an HTTP error status most likely means for a model file. */
export function httpHint(status: number): string {
  if (status === 404 || status === 410) return 'not found: check the URL';
  if (status === 401 || status === 403) return 'access denied: the model may be gated; download it yourself and add it as a local file';
  return 'the host refused the request';
}

/** The answer to `url`, or the problem that kept it from being read (no answer, or an HTTP error status). */
export async function fetchOrProblem(url: string, init: RequestInit, fetchImpl: typeof fetch): Promise<Response | HttpProblem> {
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch {
    return blockedProblem(new URL(url), fetchImpl);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'http', status: response.status };
  }
  return response;
}

/** Whether the host answered with a web page: a wrong link, a login or an error page, never a model file. */
export function servedHtml(response: Response): boolean {
  return /\btext\/html\b/i.test(response.headers.get('Content-Type') ?? '');
}
