/**
 * Debian's Chromium, launched so it stays off the closed network (see docs/design notes in README).
 * Shared by Playwright e2e, Vitest browser mode and the headless bench runners.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
