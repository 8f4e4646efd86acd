/**
 * The service worker: the app shell, the shipped suites and the bundled model, precached at install
 * (the manifest is injected at build time by vite-plugin-pwa), so a classroom machine that opened
 * the app once runs it, a cached model included, with the network off.
 */
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

cleanupOutdatedCaches();
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
