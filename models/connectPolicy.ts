/**
 * Whether the page's Content-Security-Policy lets it download from a URL (its connect-src, or default-src
 * without one), so that a URL on another host is refused before any request, naming the rule and the hosts
 * it admits, instead of failing later as "the network failed". Source matching follows CSP Level 3
 * (§6.7.2.5–6.7.2.8): 'self', scheme sources, and host sources with an optional scheme, a `*.` wildcard
 * for subdomains, a port and a path.
 */

/** The sources of the directive that governs fetches, or null when the policy does not restrict them. */
export function connectSources(policy: string): string[] | null {
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources] as const),
  );
  return directives.get('connect-src') ?? directives.get('default-src') ?? null;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };
const port = (url: URL) => url.port || DEFAULT_PORTS[url.protocol] || '';

function schemeMatches(source: string, scheme: string): boolean {
  // An https page's http: source also admits https (and ws: admits wss:), never the reverse.
  return source === scheme || (source === 'http:' && scheme === 'https:') || (source === 'ws:' && scheme === 'wss:');
}

function hostSourceMatches(source: string, url: URL, page: URL): boolean {
  const m = /^(?:([a-z][a-z0-9+.-]*:)\/\/)?(\*|(?:\*\.)?[^/:]+)(?::(\d+|\*))?(\/.*)?$/i.exec(source);
  if (!m) return false;
  const [, written, host, sourcePort, path] = m;
  // Without a scheme, a source means the page's own.
  const scheme = written?.toLowerCase() ?? page.protocol;
  if (!schemeMatches(scheme, url.protocol)) return false;
  const wanted = host!.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  if (wanted !== '*' && !(wanted.startsWith('*.') ? hostname.endsWith(wanted.slice(1)) : hostname === wanted)) return false;
  // Without a port, a source means its scheme's default one; an http source's port 80 admits https on 443.
  const expected = sourcePort ?? DEFAULT_PORTS[scheme] ?? '';
  const upgraded = sourcePort === undefined && expected === '80' && port(url) === '443';
  if (sourcePort !== '*' && port(url) !== expected && !upgraded) return false;
  if (path && path !== '/') return path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname === path;
  return true;
}

/** Whether one of `sources` admits `url` for a page at `page`. */
export function admits(sources: readonly string[], url: URL, page: URL): boolean {
  return sources.some((raw) => {
    const source = raw.toLowerCase();
    if (source === "'none'") return false;
    if (source === "'self'") return url.origin === page.origin;
    if (/^[a-z][a-z0-9+.-]*:$/.test(source)) return schemeMatches(source, url.protocol);
    return !source.startsWith("'") && hostSourceMatches(raw, url, page);
  });
}

/**
 * Why the page may not download `url`, naming the directive and the hosts it admits; null when it may
 * (or the policy does not restrict downloads). A URL that does not parse is left to the caller's check.
 */
export function connectRefusal(url: string, policy: string, pageUrl: string): string | null {
  const sources = connectSources(policy);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return null;
  }
  const page = new URL(pageUrl);
  if (!sources || admits(sources, target, page)) return null;
  const directive = policy.toLowerCase().includes('connect-src') ? 'connect-src' : 'default-src';
  const hosts = sources.filter((s) => !s.startsWith("'") && !/^[a-z][a-z0-9+.-]*:$/i.test(s));
  const self = sources.includes("'self'") ? ['this site'] : [];
  return (
    `${target.host} is not a host this page may download from: its Content-Security-Policy (${directive}) admits ` +
    `${[...self, ...hosts].join(', ') || 'no host'}. Nothing was requested. Put the file on one of those hosts, or download it and add it as a file.`
  );
}
