// Builds the console's chart script into the directory given as the first argument (the Maven
// build passes target/classes/console, so it lands in the mark-issuer jar as classpath console/):
//   assets/targets-<hash>.js (+ its source map and the licences of what it bundles) and app.json,
//   which names the entry for the issuer (ConsoleAppFiles). Foshan's district GeoJSON (the file the
//   issuer also reads, districts-path.mjs) goes into the bundle as __FOSHAN_DISTRICTS__.
//   esbuild only; nothing fetched. docs/targets.md.
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DISTRICTS } from './districts-path.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, 'dist'));
const districts = DISTRICTS;
const geojson = JSON.parse(readFileSync(districts, 'utf8'));
if (!Array.isArray(geojson.features) || geojson.features.length !== 5) throw new Error(`${districts}: expected Foshan's 5 districts`);

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });
const built = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { targets: 'src/main.js' },
  bundle: true,
  format: 'iife',
  minify: true,
  sourcemap: true,
  target: ['es2020'],
  entryNames: 'assets/[name]-[hash]',
  outdir: out,
  metafile: true,
  legalComments: 'linked',
  define: { __FOSHAN_DISTRICTS__: JSON.stringify({ type: 'FeatureCollection', features: geojson.features }) },
  logLevel: 'warning',
});
const entry = Object.entries(built.metafile.outputs).find(([, o]) => o.entryPoint === 'src/main.js');
if (!entry) throw new Error('esbuild made no targets bundle');
const file = basename(entry[0]);
writeFileSync(join(out, 'app.json'), JSON.stringify({ targets: file }) + '\n');
const js = readFileSync(join(out, 'assets', file));
console.log(`console charts → ${out}: assets/${file} ${js.length} bytes, ${gzipSync(js, { level: 9 }).length} gzip`);
