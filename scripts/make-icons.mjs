// Draws the app icon and the tray icons as PNG files (no image tools or dependencies: shapes are sampled
// on a 4x4 grid per pixel and encoded with zlib). Run `node scripts/make-icons.mjs`; the output is committed.
//   build/icon.png (512), build/icons/{256x256,512x512}.png    app icon (electron-builder buildResources)
//   build/tray/<state>-<light|dark>[-32].png (+@2x)             tray icons for light and dark panels
//   build/tray/<state>Template.png (+@2x)                        macOS template images (black + alpha)
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

// ---- PNG encoding --------------------------------------------------------------------------------------
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- shapes in unit space (0..1) ------------------------------------------------------------------------
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return dx * dx + dy * dy <= r * r;
};
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const polygon = (points) => (x, y) => {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const translate =
  (shape, dx, dy, s = 1) =>
  (x, y) =>
    shape((x - dx) / s, (y - dy) / s);

const cloud = union(
  roundRect(0.1, 0.5, 0.9, 0.8, 0.15),
  circle(0.33, 0.53, 0.17),
  circle(0.56, 0.43, 0.23),
  circle(0.76, 0.6, 0.15),
);
const downArrow = union(
  roundRect(0.42, 0.2, 0.58, 0.55, 0.03),
  polygon([
    [0.22, 0.5],
    [0.78, 0.5],
    [0.5, 0.82],
  ]),
);
const pauseBars = union(roundRect(0.3, 0.22, 0.44, 0.78, 0.03), roundRect(0.56, 0.22, 0.7, 0.78, 0.03));
const exclamation = union(roundRect(0.42, 0.16, 0.58, 0.6, 0.06), circle(0.5, 0.77, 0.09));

/**
 * Layers are painted in order; a layer is { shape, color: [r,g,b,a] } or { shape, erase: true }.
 * Each pixel averages 16 samples, so edges are anti-aliased at every size.
 */
function render(size, layers) {
  const out = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let c = [0, 0, 0, 0];
          for (const layer of layers) {
            if (!layer.shape(x, y)) continue;
            const fill = typeof layer.color === 'function' ? layer.color(x, y) : layer.color;
            c = layer.erase ? [0, 0, 0, 0] : fill;
          }
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (py * size + px) * 4;
      const alpha = a / (n * n);
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(size, out);
}

function write(relative, png) {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, png);
}

// ---- app icon: a white cloud with a download arrow on OneDrive blue -------------------------------------
const blue = (x, y) => {
  const t = (x + y) / 2;
  return [Math.round(0 + 16 * t), Math.round(120 - 40 * t), Math.round(212 - 30 * t), 1];
};
const appLayers = [
  { shape: roundRect(0.04, 0.04, 0.96, 0.96, 0.2), color: blue },
  { shape: translate(cloud, 0.08, 0.06, 0.84), color: [255, 255, 255, 1] },
  { shape: translate(downArrow, 0.31, 0.42, 0.38), color: [0, 103, 192, 1] },
];
const app512 = render(512, appLayers);
write('build/icon.png', app512);
write('build/icons/512x512.png', app512);
write('build/icons/256x256.png', render(256, appLayers));

// ---- tray icons: the cloud glyph plus a badge for the state ---------------------------------------------
const badge = circle(0.74, 0.72, 0.26);
const badgeRing = circle(0.74, 0.72, 0.33);
const inBadge = (shape) => translate(shape, 0.74 - 0.23, 0.72 - 0.23, 0.46);
const glyphs = {
  idle: () => [],
  syncing: (ink) => [
    { shape: badgeRing, erase: true },
    { shape: badge, color: ink },
    { shape: inBadge(downArrow), erase: true },
  ],
  paused: (ink) => [
    { shape: badgeRing, erase: true },
    { shape: badge, color: ink },
    { shape: inBadge(pauseBars), erase: true },
  ],
  attention: (ink, accent) => [
    { shape: badgeRing, erase: true },
    { shape: badge, color: accent ?? ink },
    accent ? { shape: inBadge(exclamation), color: [255, 255, 255, 1] } : { shape: inBadge(exclamation), erase: true },
  ],
};
const cloudGlyph = translate(cloud, 0, -0.04, 1);
const variants = {
  light: { ink: [36, 36, 36, 1], accent: [196, 43, 28, 1] }, // dark glyph for light panels
  dark: { ink: [255, 255, 255, 1], accent: [255, 99, 71, 1] }, // light glyph for dark panels
};
for (const [state, extra] of Object.entries(glyphs)) {
  for (const [variant, { ink, accent }] of Object.entries(variants)) {
    const layers = [{ shape: cloudGlyph, color: ink }, ...extra(ink, accent)];
    write(`build/tray/${state}-${variant}.png`, render(16, layers));
    write(`build/tray/${state}-${variant}@2x.png`, render(32, layers));
    write(`build/tray/${state}-${variant}-32.png`, render(32, layers));
    write(`build/tray/${state}-${variant}-32@2x.png`, render(64, layers));
  }
  // macOS template: black and alpha only; the system tints it for the menu bar.
  const template = [{ shape: cloudGlyph, color: [0, 0, 0, 1] }, ...extra([0, 0, 0, 1], null)];
  write(`build/tray/${state}Template.png`, render(16, template));
  write(`build/tray/${state}Template@2x.png`, render(32, template));
}
console.log('icons written to build/');
