// Builds the station page into the directory given as the first argument (the Maven build passes
// target/classes/station, so the app lands in the mark-issuer jar under classpath station/):
//   assets/main-<hash>.js (+ its chunks, e.g. the QR decoder, loaded when the camera is first used),
//   assets/main-<hash>.css, their source maps, index.html naming them, the static files, and sw.js,
//   whose precache list and cache version are written here from the files just built.
// esbuild only: no plugins, nothing fetched. Prints the app's first-load transfer size (gzip).
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, 'dist'));
const posix = (p) => p.split('\\').join('/');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const app = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { main: 'src/main.js' },
  bundle: true,
  format: 'esm',
  splitting: true,
  minify: true,
  sourcemap: true,
  target: ['es2020'],   // IndexedDB, modules, dynamic import, crypto.randomUUID (Chromium 92+ on the station PC)
  entryNames: 'assets/[name]-[hash]',
  chunkNames: 'assets/chunk-[hash]',
  assetNames: 'assets/[name]-[hash]',
  outdir: out,
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outputs = Object.entries(app.metafile.outputs).map(([p, o]) => ({ path: posix(relative(out, resolve(here, p))), ...o }));
const main = outputs.find((o) => o.entryPoint === 'src/main.js');
if (!main || !main.cssBundle) throw new Error('esbuild made no main bundle with its CSS');
const mainJs = main.path;
const mainCss = posix(relative(out, resolve(here, main.cssBundle)));

for (const f of readdirSync(join(here, 'static'))) {
  if (f !== 'index.html') cpSync(join(here, 'static', f), join(out, f));
}
const html = readFileSync(join(here, 'static', 'index.html'), 'utf8');
if (!html.includes('%APP_JS%') || !html.includes('%APP_CSS%')) throw new Error('static/index.html lost its %APP_JS% / %APP_CSS% slots');
writeFileSync(join(out, 'index.html'), html.replace('%APP_JS%', mainJs).replace('%APP_CSS%', mainCss));

// the shell: the page, everything it loads (chunks included: the camera must work offline), the static files
const shellFiles = [
  'index.html',
  ...outputs.map((o) => o.path).filter((p) => /\.(js|css)$/.test(p)),
  ...readdirSync(join(here, 'static')).filter((f) => f !== 'index.html'),
].sort();
const version = createHash('sha256');
for (const f of shellFiles) version.update(f).update(readFileSync(join(out, f)));
const shell = ['./', ...shellFiles.filter((f) => f !== 'index.html')];

await esbuild.build({
  absWorkingDir: here,
  entryPoints: ['src/sw.js'],
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  outfile: join(out, 'sw.js'),
  define: { __SHELL__: JSON.stringify(shell), __VERSION__: JSON.stringify(version.digest('hex').slice(0, 16)) },
  logLevel: 'warning',
});

// first load: the page, its script and style (the camera's decoder chunk comes later, on first use)
const first = ['index.html', mainJs, mainCss].map((f) => readFileSync(join(out, f)));
const gz = first.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
const raw = first.reduce((n, b) => n + b.length, 0);
const all = outputs.filter((o) => /\.js$/.test(o.path)).reduce((n, o) => n + gzipSync(readFileSync(join(out, o.path)), { level: 9 }).length, 0);
console.log(`station page → ${out}: first load ${raw} bytes, ${gz} gzip (HTML+JS+CSS); all JS incl. lazy chunks ${all} gzip; shell ${shell.length} files`);
