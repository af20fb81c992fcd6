// Cross-runtime identity: tests report digests of kernel outputs; tests/run.mjs checks that
// every runtime (and both WASM flavours) printed the same digest for the same name.
export function reportIdentity(name, digest) {
  console.log(`@@identity ${name} ${digest}`);
}

/** FNV-1a 32-bit over bytes, as 8 hex digits: small, deterministic, the same everywhere. */
export function fnv1a(bytes, hash = 0x811c9dc5) {
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i];
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function hex(n) {
  return (n >>> 0).toString(16).padStart(8, '0');
}
