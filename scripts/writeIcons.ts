/**
 * Rasterises public/icons/icon.svg into the PNG sizes the web app manifest and browsers ask for, and
 * public/favicon.ico (an ICO holding one PNG), with the same Chromium the tests use, so the icons are
 * rebuilt from their one source: `npx tsx scripts/writeIcons.ts`.
 */
import { chromium } from 'playwright';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';

const PUBLIC = resolve(import.meta.dirname, '../public');
const svg = readFileSync(join(PUBLIC, 'icons/icon.svg'), 'utf8');

function icoHoldingPng(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size % 256, 6); // 0 means 256
  header.writeUInt8(size % 256, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, png]);
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  for (const size of [32, 180, 192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`);
    const png = await page.screenshot({ omitBackground: true });
    await page.close();
    if (size === 32) writeFileSync(join(PUBLIC, 'favicon.ico'), icoHoldingPng(png, size));
    else writeFileSync(join(PUBLIC, `icons/icon-${size}.png`), png);
  }
} finally {
  await browser.close();
}
