// Where Foshan's district GeoJSON is: geo/ beside this file in the Maven build's copy
// (target/console-npm, the pom copies it there), else the issuer's resource in the source tree.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const copied = join(here, 'geo', 'foshan-districts.json');
export const DISTRICTS = existsSync(copied) ? copied : join(here, '../src/main/resources/geo/foshan-districts.json');
