import { closeSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { parseGgufHeader, GgufTruncatedError, type GgufHeader } from './ggufReader';
import { encodeGguf, ggufLayout, type GgufFileSpec, type GgufLayout } from './ggufWriter';

/** Reads a growing prefix until the header fits, so multi-GB files are never read whole. */
export function readGgufFileHeader(path: string): GgufHeader {
  const fd = openSync(path, 'r');
  try {
    for (let length = 1 << 20; ; length *= 4) {
      const buf = new Uint8Array(length);
      const got = readSync(fd, buf, 0, length, 0);
      try {
        return parseGgufHeader(buf.subarray(0, got));
      } catch (e) {
        if (!(e instanceof GgufTruncatedError) || got < length) throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes via a temporary name, so an interrupted run never leaves a truncated file under the real one. */
export function writeGgufFile(path: string, spec: GgufFileSpec): GgufLayout {
  const layout = ggufLayout(spec);
  const tmp = `${path}.partial`;
  const fd = openSync(tmp, 'w');
  let written = 0;
  try {
    for (const chunk of encodeGguf(spec, layout)) {
      for (let at = 0; at < chunk.byteLength;) at += writeSync(fd, chunk, at);
      written += chunk.byteLength;
    }
  } finally {
    closeSync(fd);
  }
  if (written !== layout.totalBytes) throw new Error(`${path}: wrote ${written} bytes, layout says ${layout.totalBytes}`);
  renameSync(tmp, path);
  return layout;
}
