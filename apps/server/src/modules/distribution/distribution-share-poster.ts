// Share posters: an SVG laid out here, rasterised to PNG by resvg. Pure apart from reading font files once.
import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { Resvg } from '@resvg/resvg-js';

export const POSTER_WIDTH = 750;
export const POSTER_HEIGHT = 1200;

export interface PosterContent {
  title: string;
  /** e.g. "¥199.00" */
  priceLine: string;
  /** Presale: the deposit and phase, e.g. "定金 ¥100.00 抵 ¥150.00 · 11月30日 截止". */
  detailLine: string | null;
  sharerNickname: string;
  shopName: string;
  url: string;
  image: { bytes: Buffer; mime: string } | null;
}

const FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts'];
let cjkFonts: string[] | undefined;

/** Noto Sans CJK files if installed (found once); else none, and resvg falls back to system fonts. */
function findCjkFonts(): string[] {
  if (cjkFonts) return cjkFonts;
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 4) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (/^NotoSans(CJK|SC)[^/]*(Regular|Bold)\.(ttc|otf|ttf)$/i.test(entry.name)) found.push(full);
    }
  };
  for (const dir of FONT_DIRS) walk(dir, 0);
  cjkFonts = found;
  return found;
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** Image type by its first bytes: only what resvg draws. */
export function imageMime(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  return null;
}

/** Splits a title into at most `lines` lines of about `perLine` full-width characters (ASCII counts half). */
export function wrapTitle(title: string, perLine: number, lines: number): string[] {
  const out: string[] = [];
  let current = '';
  let width = 0;
  for (const char of title) {
    const w = char.charCodeAt(0) < 128 ? 0.5 : 1;
    if (width + w > perLine) {
      out.push(current);
      current = '';
      width = 0;
      if (out.length === lines) break;
    }
    current += char;
    width += w;
  }
  if (out.length < lines && current) out.push(current);
  else if (out.length === lines && current) out[lines - 1] = `${out[lines - 1]!.slice(0, -1)}…`;
  return out;
}

/** The QR code as one SVG path of dark modules, `size` px square at (x, y). */
function qrPath(url: string, x: number, y: number, size: number): string {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 2;
  const cell = size / (count + quiet * 2);
  let d = '';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) d += `M${(x + (col + quiet) * cell).toFixed(2)} ${(y + (row + quiet) * cell).toFixed(2)}h${cell.toFixed(2)}v${cell.toFixed(2)}h-${cell.toFixed(2)}z`;
    }
  }
  return `<rect x="${x}" y="${y}" width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#111"/>`;
}

export function posterSvg(content: PosterContent): string {
  const W = POSTER_WIDTH;
  const font = `font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif"`;
  const image = content.image
    ? `<image x="40" y="40" width="670" height="670" preserveAspectRatio="xMidYMid slice" href="data:${content.image.mime};base64,${content.image.bytes.toString('base64')}"/>`
    : `<rect x="40" y="40" width="670" height="670" fill="#f2f3f5"/><text x="375" y="390" text-anchor="middle" font-size="48" fill="#c8c9cc" ${font}>${escapeXml(content.shopName)}</text>`;
  const titleLines = wrapTitle(content.title, 19, 2)
    .map((line, i) => `<text x="40" y="${770 + i * 46}" font-size="34" font-weight="bold" fill="#323233" ${font}>${escapeXml(line)}</text>`)
    .join('');
  const detail = content.detailLine ? `<text x="40" y="920" font-size="26" fill="#ee0a24" ${font}>${escapeXml(content.detailLine)}</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${POSTER_HEIGHT}" viewBox="0 0 ${W} ${POSTER_HEIGHT}">
<rect width="${W}" height="${POSTER_HEIGHT}" fill="#ffffff"/>
${image}
${titleLines}
<text x="40" y="880" font-size="44" font-weight="bold" fill="#ee0a24" ${font}>${escapeXml(content.priceLine)}</text>
${detail}
<line x1="40" y1="960" x2="710" y2="960" stroke="#ebedf0" stroke-width="2"/>
<text x="40" y="1040" font-size="30" fill="#323233" ${font}>${escapeXml(content.sharerNickname)}</text>
<text x="40" y="1090" font-size="24" fill="#969799" ${font}>推荐给你 · 长按识别二维码</text>
<text x="40" y="1140" font-size="24" fill="#969799" ${font}>${escapeXml(content.shopName)}</text>
${qrPath(content.url, 510, 975, 200)}
</svg>`;
}

export interface ShopPosterContent {
  shopName: string;
  sharerNickname: string;
  /** My referral code, printed under the QR code for those who type it. */
  code: string;
  url: string;
}

/** Where the QR code of the shop invite poster sits (tests read it back from the PNG). */
export const SHOP_POSTER_QR = { x: 195, y: 640, size: 360 } as const;

/** The shop invite poster (邀请好友): shop name, an invitation line, the QR code of my invite link and my code. */
export function shopPosterSvg(content: ShopPosterContent): string {
  const W = POSTER_WIDTH;
  const font = `font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif"`;
  const { x, y, size } = SHOP_POSTER_QR;
  const shopLines = wrapTitle(content.shopName, 12, 2)
    .map((line, i) => `<text x="375" y="${250 + i * 80}" text-anchor="middle" font-size="64" font-weight="bold" fill="#fff" ${font}>${escapeXml(line)}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${POSTER_HEIGHT}" viewBox="0 0 ${W} ${POSTER_HEIGHT}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ff6034"/><stop offset="1" stop-color="#ee0a24"/></linearGradient></defs>
<rect width="${W}" height="${POSTER_HEIGHT}" fill="url(#bg)"/>
<text x="375" y="130" text-anchor="middle" font-size="30" fill="#fff" opacity="0.9" ${font}>${escapeXml(content.sharerNickname)} 邀请你逛</text>
${shopLines}
<text x="375" y="470" text-anchor="middle" font-size="32" fill="#fff" ${font}>好物精选 · 预售抢先 · 一起来逛逛</text>
<rect x="${x - 50}" y="${y - 50}" width="${size + 100}" height="${size + 230}" rx="24" fill="#fff"/>
${qrPath(content.url, x, y, size)}
<text x="375" y="${y + size + 70}" text-anchor="middle" font-size="30" fill="#323233" ${font}>邀请码 ${escapeXml(content.code)}</text>
<text x="375" y="${y + size + 120}" text-anchor="middle" font-size="24" fill="#969799" ${font}>长按识别二维码 · 进店逛逛</text>
</svg>`;
}

function renderSvg(svg: string): Buffer {
  const fonts = findCjkFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: POSTER_WIDTH },
    font: fonts.length > 0 ? { loadSystemFonts: false, fontFiles: fonts, defaultFontFamily: 'Noto Sans CJK SC' } : { loadSystemFonts: true },
  });
  return resvg.render().asPng();
}

/** Renders the poster as a POSTER_WIDTH × POSTER_HEIGHT PNG. */
export function renderPoster(content: PosterContent): Buffer {
  return renderSvg(posterSvg(content));
}

/** Renders the shop invite poster as a POSTER_WIDTH × POSTER_HEIGHT PNG. */
export function renderShopPoster(content: ShopPosterContent): Buffer {
  return renderSvg(shopPosterSvg(content));
}
