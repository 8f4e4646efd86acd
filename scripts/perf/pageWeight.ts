/**
 * Page weight of the built app: what the shell downloads, which files belong to the engines, and how
 * soon the shell answers. Engines are found from the build output itself (the chunks the worker's
 * dynamic imports reach), so a chunk that moves into the shell is caught, not assumed away.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright';
import type { AssetWeight, PageWeightSection } from './perfReport';
import { summarize } from './stats';

const REFERENCE = /[`"'](?:\.\/)?([\w.-]+\.(?:js|wasm|css))[`"']/g;
const WORKER_CHUNK = /^engine\.worker-[\w-]+\.js$/;

export function assetWeight(distDir: string, file: string): AssetWeight {
  const bytes = readFileSync(join(distDir, file));
  return { file, bytes: bytes.byteLength, gzipBytes: gzipSync(bytes, { level: 9 }).byteLength };
}

/** Each asset's references to other assets (static and dynamic imports, `new URL(…, import.meta.url)`). */
function assetGraph(assetsDir: string): Map<string, string[]> {
  const files = readdirSync(assetsDir);
  const present = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const refs = file.endsWith('.js') ? [...readFileSync(join(assetsDir, file), 'utf8').matchAll(REFERENCE)].map((m) => m[1] ?? '') : [];
    graph.set(file, [...new Set(refs.filter((r) => r !== file && present.has(r)))]);
  }
  return graph;
}

function reachable(graph: Map<string, string[]>, from: string, stopAt: string): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    if (seen.has(next) || next === stopAt) continue;
    seen.add(next);
    todo.push(...(graph.get(next) ?? []));
  }
  return seen;
}

export interface EngineChunks {
  worker: string | null;
  /** assets/ path → engine roots (the worker's dynamic imports) that reach it. */
  engines: Map<string, string[]>;
}

export function engineChunks(distDir: string): EngineChunks {
  const graph = assetGraph(join(distDir, 'assets'));
  const worker = [...graph.keys()].find((f) => WORKER_CHUNK.test(f)) ?? null;
  const engines = new Map<string, string[]>();
  if (worker === null) return { worker, engines };
  for (const root of graph.get(worker) ?? []) {
    const name = root.replace(/-[\w-]+\.js$/, '');
    for (const file of reachable(graph, root, worker)) engines.set(`assets/${file}`, [...(engines.get(`assets/${file}`) ?? []), name]);
  }
  return { worker: `assets/${worker}`, engines };
}

/** Same host only: nothing in the measurement may depend on, or leak to, the network. */
export async function confineToLocalhost(context: BrowserContext, blocked: string[]): Promise<void> {
  await context.route(
    (url) => /^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1',
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
}

/**
 * Paths under the served root of the app's own requests, its workers' included. The service worker's
 * precache is left out: it fetches the engines in the background after the first visit so a lesson
 * works offline, and nothing on the page waits for it.
 */
function recordRequests(context: BrowserContext, origin: string): string[] {
  const paths: string[] = [];
  context.on('request', (r) => {
    if (r.serviceWorker()) return;
    const url = new URL(r.url());
    if (url.origin === origin) paths.push(url.pathname.replace(/^\//, ''));
  });
  return paths;
}

export async function measurePageWeight(
  browser: Browser,
  baseUrl: string,
  distDir: string,
  repeats: number,
  blocked: string[],
): Promise<PageWeightSection> {
  const { worker, engines } = engineChunks(distDir);
  if (worker === null || engines.size === 0) throw new Error(`no engine worker chunk found in ${distDir}/assets`);
  const origin = new URL(baseUrl).origin;
  const tti: number[] = [];
  let shellRequests: string[] = [];
  let before: string[] = [];
  let after: string[] = [];

  // A fresh context each time: a cold HTTP cache and a fresh IndexedDB, as on a first visit.
  for (let r = 0; r < repeats; r++) {
    const context = await browser.newContext();
    try {
      await confineToLocalhost(context, blocked);
      const requests = recordRequests(context, origin);
      const page = await context.newPage();
      await page.goto(new URL('index.html?model=stories260K', baseUrl).href, { waitUntil: 'commit' });
      const rendered = await page.waitForFunction(
        () => (document.querySelector('nav[aria-label="Main"] a[href="#/bench"]') ? performance.now() : 0),
        undefined,
        { polling: 'raf' },
      );
      tti.push((await rendered.jsonValue()) as number);
      const last = r === repeats - 1;
      if (last) {
        // The shell is what the first view needs; other views' chunks load when they are opened.
        await page.waitForLoadState('networkidle');
        shellRequests = requests.filter((p) => /\.(js|css)$/.test(p) && p !== worker);
      }
      // Rendered is not enough: the click must switch views, i.e. the app's handlers are live.
      await page.click('nav[aria-label="Main"] a[href="#/bench"]');
      await page.waitForSelector('nav[aria-label="Main"] a[href="#/bench"][aria-current="page"]');
      if (!last) continue;

      await page.waitForLoadState('networkidle');
      before = [...requests];
      await page.getByRole('button', { name: 'Load' }).click();
      await page.getByText(/Loaded: TinyStories 260K/).waitFor({ timeout: 60_000 });
      after = requests.slice(before.length);
    } finally {
      await context.close();
    }
  }

  const shell = shellRequests.map((p) => assetWeight(distDir, p));
  return {
    shell,
    shellGzipBytes: shell.reduce((a, s) => a + s.gzipBytes, 0),
    worker: assetWeight(distDir, worker),
    engines: [...engines].map(([file, names]) => ({ ...assetWeight(distDir, file), engines: names })),
    engineRequestsBeforeLoad: before.filter((p) => engines.has(p)),
    engineRequestsAfterLoad: [...new Set(after.filter((p) => engines.has(p)))],
    timeToInteractiveMs: summarize(tti),
  };
}
