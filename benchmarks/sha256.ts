/**
 * The one SHA-256 in Bedside: WebCrypto, which browsers, workers and Node 20 all provide as the
 * global `crypto`, so suites, templates and runs are hashed the same way everywhere.
 */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
