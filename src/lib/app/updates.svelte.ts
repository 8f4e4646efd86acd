/// <reference types="vite-plugin-pwa/vanillajs" />

/**
 * The service worker's side on the page: it is registered in production builds only (the dev server
 * serves modules it cannot precache). A new version is installed in the background and waits; the
 * page offers "Reload to update" and swaps only when the teacher asks.
 */
export class UpdateStore {
  #needRefresh = $state(false);
  #offlineReady = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  get needRefresh() {
    return this.#needRefresh;
  }
  /** The first install finished: everything the app needs is cached. */
  get offlineReady() {
    return this.#offlineReady;
  }

  async register(): Promise<void> {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    const { registerSW } = await import('virtual:pwa-register');
    this.#update = registerSW({
      // Only a page some version already controls has anything to update: a first install (which
      // workbox-window may report as external when it took over a minute) just becomes active.
      onNeedRefresh: () => (this.#needRefresh = navigator.serviceWorker.controller !== null),
      onOfflineReady: () => (this.#offlineReady = true),
    });
  }

  /** Activates the waiting version; the page reloads once it controls it. */
  async reload(): Promise<void> {
    await this.#update?.(true);
  }

  dismissOfflineReady(): void {
    this.#offlineReady = false;
  }
}
