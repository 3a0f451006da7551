// Draws Glossa's app icons (web/icons/*.png) for the web app manifest:
// three tag-coloured lines (claim, denial, quote) on the dark ink tile.
// Run once when the design changes and commit the PNGs:
//   node scripts/make-icons.mjs
// Plain Node (zlib for the PNG data), no packages.

import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "web", "icons");

// Colours from styles/main.css (dark theme tag colours read best on ink).
const INK = [0x1f, 0x23, 0x28];
const LINES = [
  { rgb: [0x56, 0xb4, 0xe9], x1: 0.78, y: 0.34 }, // claim
  { rgb: [0xf0, 0xa0, 0x60], x1: 0.62, y: 0.5 }, // denial
  { rgb: [0x3f, 0xd0, 0xa4], x1: 0.7, y: 0.66 }, // quote
];
const LINE_X0 = 0.22;
const LINE_HEIGHT = 0.09;

function inRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

// The colour (or null: transparent) at unit coordinates (x, y). A maskable
// icon fills the whole square and keeps its drawing inside the central
// safe zone (a circle of 40 % radius), so the lines shrink by 0.8.
function shade(x, y, maskable) {
  const scale = maskable ? 0.8 : 1;
  const ux = (x - 0.5) / scale + 0.5;
  const uy = (y - 0.5) / scale + 0.5;
  for (const line of LINES) {
    const h = LINE_HEIGHT / 2;
    if (inRoundedRect(ux, uy, LINE_X0, line.y - h, line.x1, line.y + h, h)) return line.rgb;
  }
  if (maskable || inRoundedRect(x, y, 0, 0, 1, 1, 0.18)) return INK;
  return null;
}

// RGBA pixels, 4 x 4 samples per pixel for smooth edges.
function draw(size, maskable) {
  const n = 4;
  const px = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let pxi = 0; pxi < size; pxi++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = shade((pxi + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, maskable);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const i = (py * size + pxi) * 4;
      if (a > 0) {
        px[i] = Math.round(r / a);
        px[i + 1] = Math.round(g / a);
        px[i + 2] = Math.round(b / a);
      }
      px[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // RGBA
  // Each row: filter type 0 (none), then the row's pixels.
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT, { recursive: true });
for (const [name, size, maskable] of [
  ["icon-192.png", 192, false],
  ["icon-512.png", 512, false],
  ["icon-maskable-512.png", 512, true],
]) {
  writeFileSync(join(OUT, name), png(size, draw(size, maskable)));
  console.log(`wrote web/icons/${name} (${size} x ${size})`);
}
