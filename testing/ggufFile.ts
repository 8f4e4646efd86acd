import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { encodeGguf, ggufLayout, type GgufFileSpec, type GgufLayout } from './ggufWriter';

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
