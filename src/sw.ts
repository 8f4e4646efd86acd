/**
 * The service worker: the app shell, the shipped suites and the bundled model, precached at install
 * (the manifest is injected at build time by vite-plugin-pwa), so a classroom machine that opened
 * the app once runs it, a cached model included, with the network off.
 */
import { addPlugins, cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

cleanupOutdatedCaches();

/**
 * Threads need cross-origin isolation, which needs COOP/COEP on the page and its workers. Hosts such as
 * GitHub Pages cannot send them, so every response served from the precache carries them (the approach of
 * coi-serviceworker): from the second visit on, the page is isolated wherever it is hosted. Model weights
 * from other hosts are fetched with CORS, which require-corp admits.
 */
function withIsolationHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
addPlugins([{ handlerWillRespond: async ({ response }) => withIsolationHeaders(response) }]);

// A lesson link is the app's index.html whatever its query (?present=1&model=…): match the file without it.
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });

// wllama asks for a model's size with HEAD before downloading it; answer from the precache, so a
// model that is precached but not yet in wllama's own cache still loads offline.
self.addEventListener('fetch', (event) => {
  if (event.request.method !== 'HEAD') return;
  event.respondWith(
    matchPrecache(event.request.url).then((cached) =>
      cached ? new Response(null, { status: cached.status, headers: cached.headers }) : fetch(event.request),
    ),
  );
});

// A new version waits until the teacher chooses "Reload to update", never swapping mid-lesson.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
