// A photo for the record: downscaled in a canvas to at most 1600 px on its long side and encoded
// as JPEG (a phone's 12-megapixel picture becomes ~300 KB: quick to sync on a weak signal), then
// hashed with SHA-256. The hash is what the signed record names, so the bytes kept are the bytes sent.
import { hex } from './record.js';

export const MAX_SIDE = 1600;

export async function preparePhoto(file, maxBytes) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d').drawImage(bitmap, 0, 0, w, h);
  bitmap.close?.();
  const blob = await new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('the photo could not be encoded'))),
    'image/jpeg', 0.85));
  const data = new Uint8Array(await blob.arrayBuffer());
  if (maxBytes && data.length > maxBytes) {
    const e = new RangeError('too big');
    e.bytes = data.length;
    throw e;
  }
  const sha256 = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
  return { sha256, type: 'image/jpeg', bytes: data.length, data, width: w, height: h };
}
