// Loads the published test vectors (docs/test-vectors) from the repository, so the JS verifier is
// held to the very files the SDK's MarkVectorsTest, TrustListVectorsTest and StatusListVectorsTest read.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
// test/verify → officer-app → verify-api → repository root; the Maven build copies the app into
// verify-api/target/officer-npm, so there the root is one level further up. MARKAUTH_VECTORS wins.
const candidates = [
  process.env.MARKAUTH_VECTORS,
  join(here, '..', '..', '..', '..', 'docs', 'test-vectors'),
  join(here, '..', '..', '..', '..', '..', 'docs', 'test-vectors'),
].filter(Boolean);

export function vectorsDir() {
  for (const c of candidates) {
    try {
      readFileSync(join(c, 'marks.json'));
      return c;
    } catch {
      // next candidate
    }
  }
  throw new Error(`docs/test-vectors not found (looked in ${candidates.join(', ')}); set MARKAUTH_VECTORS`);
}

export function loadVectors(name) {
  return JSON.parse(readFileSync(join(vectorsDir(), name), 'utf8'));
}

/** UTF-8 bytes of a JSON string value, as the Java tests' getBytes(UTF_8). */
export function utf8(s) {
  return new TextEncoder().encode(s);
}
