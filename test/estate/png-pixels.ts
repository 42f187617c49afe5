/**
 * The pixels of a screenshot: PNG (ISO/IEC 15948) as Chromium writes it, 8-bit RGB or RGBA, not
 * interlaced; the IDAT stream inflated with node:zlib and each row's filter undone (§9.2: None,
 * Sub, Up, Average, Paeth). No PNG library is among the project's dependencies.
 */
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** IHDR colour type 6: RGBA; 2: RGB. */
const COLOUR_RGBA = 6;

export interface Pixels {
  width: number;
  height: number;
  /** The red, green and blue of the pixel at (x, y). */
  pixel(x: number, y: number): number[];
}

export function decodePng(png: Buffer): Pixels {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, non-interlaced PNG is read here');
      channels = body[9] === COLOUR_RGBA ? 4 : 3;
    }
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows: Buffer[] = [];
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? line[i - channels]! : 0;
      const up = previous[i]!;
      const upLeft = i >= channels ? previous[i - channels]! : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, 0][filter] ?? 0;
      line[i] = (line[i]! + (filter === 4 ? paeth() : predictor)) & 0xff;
    }
    rows.push(line);
    previous = line;
  }
  return { width, height, pixel: (x, y) => [...rows[y]!.subarray(x * channels, x * channels + 3)] };
}
