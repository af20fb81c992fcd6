// Argument checks shared by the memory objects: bad sizes are refused before reaching a kernel.

export function checkSize(what: string, size: unknown, maxBytes: number): number {
  if (typeof size !== 'number' || !Number.isInteger(size)) {
    throw new TypeError(`${what}: size must be an integer number of bytes, got ${describe(size)}`);
  }
  if (size <= 0) throw new RangeError(`${what}: size must be positive, got ${size}`);
  if (size > maxBytes) {
    throw new RangeError(`${what}: size ${size} exceeds the memory ceiling of ${maxBytes} bytes`);
  }
  return size;
}

export function checkAlignment(what: string, align: unknown): number {
  if (typeof align !== 'number' || !Number.isInteger(align) || align < 1 || align > 65536 || (align & (align - 1)) !== 0) {
    throw new RangeError(`${what}: alignment must be a power of two between 1 and 65536, got ${describe(align)}`);
  }
  return align;
}

export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return value === null ? 'null' : typeof value;
}
