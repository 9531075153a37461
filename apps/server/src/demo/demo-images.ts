import { PNG } from 'pngjs';

/**
 * Product pictures for the demo catalogue, drawn here with no network and no fonts: a
 * gradient background, soft light spots and a simple silhouette per kind of product, with
 * anti-aliased edges (shapes are signed distance functions). Encoded as PNG by pngjs.
 */

export type ArtKind = 'figure' | 'chibi' | 'blindbox' | 'prize' | 'model' | 'tv' | 'fridge' | 'washer' | 'ac' | 'cooker' | 'microwave' | 'blender' | 'warranty';

export interface ArtSpec {
  kind: ArtKind;
  /** Background gradient, top-left to bottom-right. */
  background: [string, string];
  /** The main colour of the object (hair, body, panel...). */
  accent: string;
  /** Any integer: varies light spots and small details so every picture differs. */
  seed: number;
}

type Rgb = [number, number, number];
type Sdf = (x: number, y: number) => number;

const hex = (color: string): Rgb => {
  const n = Number.parseInt(color.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
const shade = (color: string, t: number): string => {
  const c = hex(color);
  const target: Rgb = t < 0 ? [0, 0, 0] : [255, 255, 255];
  const m = mix(c, target, Math.abs(t));
  return `#${m.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
};

// ---------- shapes ----------

const circle = (cx: number, cy: number, r: number): Sdf => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ellipse = (cx: number, cy: number, rx: number, ry: number): Sdf => (x, y) => (Math.hypot((x - cx) / rx, (y - cy) / ry) - 1) * Math.min(rx, ry);
const ring = (cx: number, cy: number, r: number, width: number): Sdf => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - width / 2;
function roundRect(x0: number, y0: number, w: number, h: number, r: number): Sdf {
  const cx = x0 + w / 2;
  const cy = y0 + h / 2;
  return (x, y) => {
    const qx = Math.abs(x - cx) - w / 2 + r;
    const qy = Math.abs(y - cy) - h / 2 + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}
function capsule(x1: number, y1: number, x2: number, y2: number, r: number): Sdf {
  return (x, y) => {
    const [dx, dy] = [x2 - x1, y2 - y1];
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy || 1)));
    return Math.hypot(x - x1 - dx * t, y - y1 - dy * t) - r;
  };
}
function polygon(points: [number, number][]): Sdf {
  return (x, y) => {
    let d = Infinity;
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i]!;
      const [xj, yj] = points[j]!;
      d = Math.min(d, capsule(xi, yi, xj, yj, 0)(x, y));
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside ? -d : d;
  };
}
const star = (cx: number, cy: number, outer: number, inner: number): Sdf =>
  polygon(
    Array.from({ length: 10 }, (_, i) => {
      const angle = -Math.PI / 2 + (i * Math.PI) / 5;
      const r = i % 2 === 0 ? outer : inner;
      return [cx + Math.cos(angle) * r, cy + Math.sin(angle) * r] as [number, number];
    }),
  );

// ---------- canvas ----------

class Canvas {
  readonly data: Float32Array;
  constructor(readonly size: number) {
    this.data = new Float32Array(size * size * 3);
  }

  gradient(from: string, to: string): void {
    const [a, b] = [hex(from), hex(to)];
    for (let y = 0; y < this.size; y++) {
      for (let x = 0; x < this.size; x++) {
        const t = (x + y) / (2 * this.size);
        const i = (y * this.size + x) * 3;
        for (let k = 0; k < 3; k++) this.data[i + k] = a[k]! + (b[k]! - a[k]!) * t;
      }
    }
  }

  /**
   * Paints where the shape is (sdf < 0), blending `opacity` of `color`, edges smoothed over
   * `soft` px. Works in 16-px blocks: a block wholly outside (or inside) the shape, by the
   * distance at its centre, is skipped (or filled) without a per-pixel look.
   */
  fill(shape: Sdf, color: string, opacity = 1, soft = 1): void {
    const c = hex(color);
    const block = 16;
    const reach = block * Math.SQRT1_2 + soft / 2 + 1;
    for (let by = 0; by < this.size; by += block) {
      for (let bx = 0; bx < this.size; bx += block) {
        const d = shape(bx + block / 2, by + block / 2);
        if (d > reach) continue;
        const solid = d < -reach;
        for (let y = by; y < Math.min(this.size, by + block); y++) {
          for (let x = bx; x < Math.min(this.size, bx + block); x++) {
            const alpha = (solid ? 1 : Math.max(0, Math.min(1, 0.5 - shape(x + 0.5, y + 0.5) / soft))) * opacity;
            if (alpha <= 0) continue;
            const i = (y * this.size + x) * 3;
            for (let k = 0; k < 3; k++) this.data[i + k] = this.data[i + k]! + (c[k]! - this.data[i + k]!) * alpha;
          }
        }
      }
    }
  }

  png(): Buffer {
    const png = new PNG({ width: this.size, height: this.size });
    for (let p = 0; p < this.size * this.size; p++) {
      for (let k = 0; k < 3; k++) png.data[p * 4 + k] = Math.round(Math.max(0, Math.min(255, this.data[p * 3 + k]!)));
      png.data[p * 4 + 3] = 255;
    }
    return PNG.sync.write(png, { colorType: 2, deflateLevel: 6, filterType: 1 });
  }
}

/** A small deterministic random source, so the same spec always gives the same picture. */
function random(seed: number) {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) % 10_000) / 10_000;
  };
}

// ---------- silhouettes (drawn on an 800×800 grid, scaled) ----------

type Draw = (fill: (shape: Sdf, color: string, opacity?: number) => void, accent: string, rnd: () => number) => void;

const base = (fill: Parameters<Draw>[0], y = 690, rx = 170) => {
  fill(ellipse(400, y + 18, rx + 20, 34), '#000000', 0.18);
  fill(ellipse(400, y, rx, 30), '#2b2d42');
  fill(ellipse(400, y - 8, rx - 6, 24), '#4a4e69');
};

const figure: Draw = (fill, accent) => {
  base(fill);
  fill(capsule(370, 560, 360, 680, 18), '#f1d4c2');
  fill(capsule(430, 560, 440, 680, 18), '#f1d4c2');
  fill(capsule(420, 180, 560, 520, 34), accent);
  fill(capsule(380, 180, 240, 520, 34), accent);
  fill(polygon([[330, 330], [470, 330], [540, 590], [260, 590]]), '#2b2d42');
  fill(polygon([[345, 340], [455, 340], [500, 470], [300, 470]]), '#e9ecef');
  fill(capsule(330, 350, 280, 480, 16), '#f1d4c2');
  fill(capsule(470, 350, 520, 470, 16), '#f1d4c2');
  fill(circle(400, 250, 78), accent);
  fill(circle(400, 268, 62), '#f8e1d2');
  fill(polygon([[330, 230], [470, 230], [460, 200], [340, 200]]), accent);
  fill(circle(376, 276, 8), '#2b2d42');
  fill(circle(424, 276, 8), '#2b2d42');
};

const chibi: Draw = (fill, accent) => {
  base(fill, 680, 150);
  fill(roundRect(330, 430, 140, 170, 50), accent);
  fill(roundRect(350, 560, 40, 110, 18), '#f1d4c2');
  fill(roundRect(410, 560, 40, 110, 18), '#f1d4c2');
  fill(circle(400, 300, 150), accent);
  fill(ellipse(400, 330, 120, 110), '#f8e1d2');
  fill(polygon([[270, 260], [530, 260], [500, 200], [300, 200]]), accent);
  fill(ellipse(355, 340, 16, 22), '#2b2d42');
  fill(ellipse(445, 340, 16, 22), '#2b2d42');
  fill(ellipse(330, 380, 20, 10), '#ff8fab', 0.6);
  fill(ellipse(470, 380, 20, 10), '#ff8fab', 0.6);
};

const blindbox: Draw = (fill, accent, rnd) => {
  fill(ellipse(400, 680, 230, 30), '#000000', 0.18);
  fill(polygon([[220, 330], [480, 330], [480, 670], [220, 670]]), accent);
  fill(polygon([[480, 330], [590, 260], [590, 600], [480, 670]]), shade(accent, -0.25));
  fill(polygon([[220, 330], [330, 260], [590, 260], [480, 330]]), shade(accent, 0.3));
  fill(polygon([[330, 330], [370, 330], [370, 670], [330, 670]]), '#ffffff', 0.85);
  fill(polygon([[440, 260], [480, 260], [370, 330], [330, 330]]), '#ffffff', 0.85);
  fill(star(290 + rnd() * 20, 470, 50, 22), '#ffd166');
  fill(star(430, 560 - rnd() * 40, 30, 13), '#ffffff', 0.9);
};

const prize: Draw = (fill, accent, rnd) => {
  fill(roundRect(290, 560, 220, 130, 10), '#2b2d42');
  fill(roundRect(300, 560, 200, 20, 6), '#4a4e69');
  fill(capsule(400, 360, 400, 560, 60), accent);
  fill(circle(400, 300, 70), shade(accent, -0.2));
  fill(circle(400, 315, 52), '#f8e1d2');
  fill(capsule(360, 420, 300, 340 - rnd() * 40, 16), '#f1d4c2');
  fill(capsule(440, 420, 500, 340 - rnd() * 40, 16), '#f1d4c2');
  fill(circle(600, 190, 60), '#ffd166');
  fill(star(600, 190, 40, 18), '#ffffff');
};

const model: Draw = (fill, accent) => {
  base(fill, 700, 160);
  fill(roundRect(340, 560, 50, 130, 14), '#e9ecef');
  fill(roundRect(410, 560, 50, 130, 14), '#e9ecef');
  fill(roundRect(320, 370, 160, 200, 24), '#f8f9fa');
  fill(polygon([[340, 400], [460, 400], [430, 480], [370, 480]]), accent);
  fill(roundRect(240, 360, 90, 70, 20), accent);
  fill(roundRect(470, 360, 90, 70, 20), accent);
  fill(roundRect(255, 430, 50, 140, 16), '#e9ecef');
  fill(roundRect(495, 430, 50, 140, 16), '#e9ecef');
  fill(roundRect(350, 250, 100, 110, 24), '#f8f9fa');
  fill(polygon([[400, 270], [310, 180], [400, 240], [490, 180]]), '#ffd166');
  fill(roundRect(365, 300, 70, 18, 8), '#06d6a0');
};

const tv: Draw = (fill, accent) => {
  fill(ellipse(400, 650, 200, 24), '#000000', 0.18);
  fill(polygon([[340, 560], [460, 560], [500, 640], [300, 640]]), '#495057');
  fill(roundRect(100, 180, 600, 380, 18), '#212529');
  fill(roundRect(118, 198, 564, 344, 8), accent);
  fill(polygon([[118, 198], [420, 198], [250, 542], [118, 542]]), '#ffffff', 0.12);
  fill(circle(560, 300, 70), '#ffffff', 0.15);
};

const fridge: Draw = (fill, accent) => {
  fill(ellipse(400, 720, 190, 24), '#000000', 0.2);
  fill(roundRect(250, 90, 300, 630, 26), accent);
  fill(roundRect(250, 90, 148, 630, 26), shade(accent, 0.12));
  fill(capsule(398, 100, 398, 710, 2), shade(accent, -0.35));
  fill(capsule(375, 200, 375, 380, 7), '#dee2e6');
  fill(capsule(421, 200, 421, 380, 7), '#dee2e6');
  fill(roundRect(290, 140, 70, 40, 8), '#212529');
  fill(roundRect(300, 150, 30, 8, 4), '#06d6a0');
};

const washer: Draw = (fill, accent) => {
  fill(ellipse(400, 660, 200, 24), '#000000', 0.2);
  fill(roundRect(210, 160, 380, 480, 30), '#f8f9fa');
  fill(roundRect(210, 160, 380, 90, 30), '#e9ecef');
  fill(circle(520, 205, 22), accent);
  fill(roundRect(250, 190, 140, 30, 10), '#343a40');
  fill(ring(400, 440, 130, 26), '#adb5bd');
  fill(circle(400, 440, 115), shade(accent, 0.35));
  fill(ellipse(400, 490, 115, 60), accent, 0.7);
  fill(circle(350, 390, 22), '#ffffff', 0.5);
};

const ac: Draw = (fill, accent) => {
  fill(roundRect(110, 240, 580, 190, 40), '#f8f9fa');
  fill(roundRect(110, 360, 580, 70, 30), '#e9ecef');
  for (let i = 0; i < 5; i++) fill(capsule(170, 385 + i * 9, 630, 385 + i * 9, 2), '#ced4da');
  fill(circle(620, 290, 10), accent);
  for (let i = 0; i < 3; i++) fill(capsule(230 + i * 170, 480, 200 + i * 170, 640, 10), accent, 0.45);
};

const cooker: Draw = (fill, accent) => {
  fill(ellipse(400, 660, 220, 26), '#000000', 0.2);
  fill(roundRect(200, 330, 400, 320, 90), '#f8f9fa');
  fill(ellipse(400, 330, 200, 90), accent);
  fill(ellipse(400, 315, 170, 60), shade(accent, 0.25));
  fill(roundRect(330, 230, 140, 46, 20), shade(accent, -0.2));
  fill(roundRect(320, 470, 160, 80, 20), '#343a40');
  fill(circle(360, 510, 12), '#06d6a0');
  fill(circle(440, 510, 12), '#ef476f');
};

const microwave: Draw = (fill, accent) => {
  fill(ellipse(400, 640, 270, 24), '#000000', 0.2);
  fill(roundRect(120, 250, 560, 380, 30), accent);
  fill(roundRect(160, 290, 360, 300, 16), '#212529');
  fill(polygon([[160, 290], [330, 290], [220, 590], [160, 590]]), '#ffffff', 0.1);
  fill(roundRect(550, 300, 100, 60, 10), '#343a40');
  fill(circle(600, 430, 30), '#dee2e6');
  fill(circle(600, 520, 30), '#dee2e6');
};

const blender: Draw = (fill, accent) => {
  fill(ellipse(400, 700, 170, 22), '#000000', 0.2);
  fill(roundRect(270, 560, 260, 140, 30), accent);
  fill(circle(400, 630, 26), '#f8f9fa');
  fill(polygon([[290, 200], [510, 200], [480, 560], [320, 560]]), '#dee2e6', 0.75);
  fill(polygon([[310, 380], [490, 380], [478, 556], [322, 556]]), '#06d6a0', 0.55);
  fill(roundRect(280, 170, 240, 50, 16), shade(accent, -0.2));
  fill(capsule(520, 260, 560, 460, 14), '#dee2e6', 0.8);
};

const warranty: Draw = (fill, accent) => {
  fill(polygon([[400, 140], [600, 220], [580, 470], [400, 680], [220, 470], [200, 220]]), accent);
  fill(polygon([[400, 180], [565, 245], [548, 455], [400, 630], [252, 455], [235, 245]]), shade(accent, 0.25));
  fill(capsule(310, 410, 380, 490, 26), '#ffffff');
  fill(capsule(380, 490, 510, 330, 26), '#ffffff');
};

const DRAW: Record<ArtKind, Draw> = { figure, chibi, blindbox, prize, model, tv, fridge, washer, ac, cooker, microwave, blender, warranty };

/** One product picture as a PNG (square, `size` pixels). */
export function renderProductImage(spec: ArtSpec, size = 800): Buffer {
  const canvas = new Canvas(size);
  const scale = size / 800;
  const rnd = random(spec.seed);
  canvas.gradient(spec.background[0], spec.background[1]);
  for (let i = 0; i < 6; i++) {
    const [x, y, r] = [rnd() * 800, rnd() * 800, 40 + rnd() * 120];
    canvas.fill(circle(x * scale, y * scale, r * scale), '#ffffff', 0.08 + rnd() * 0.1, 30 * scale);
  }
  canvas.fill(ellipse(400 * scale, 430 * scale, 300 * scale, 300 * scale), '#ffffff', 0.18, 80 * scale);
  const fill = (shape: Sdf, color: string, opacity = 1) => canvas.fill((x, y) => shape(x / scale, y / scale) * scale, color, opacity);
  DRAW[spec.kind](fill, spec.accent, rnd);
  return canvas.png();
}
