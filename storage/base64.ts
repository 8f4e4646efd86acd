/** Bytes as base64 text and back: how binary data (picked files, ciphertext) travels in JSON. */

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: spreading a large array into one call exceeds the engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
