// The Redis Cluster hash slot of a key: CRC16-XMODEM of the key (or of its {hash tag}) mod 16384.
// The cache keeps one circuit breaker per cluster master, found through the slot, so a dead
// master does not cut the others off.
const TABLE = new Uint16Array(256);
for (let n = 0; n < 256; n++) {
  let crc = n << 8;
  for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
  TABLE[n] = crc & 0xffff;
}
const encoder = new TextEncoder();

export function keySlot(key: string): number {
  let bytes = encoder.encode(key);
  const open = bytes.indexOf(0x7b); // {
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1); // }
    if (close > open + 1) bytes = bytes.subarray(open + 1, close);
  }
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]) & 0xff];
  return crc % 16384;
}
