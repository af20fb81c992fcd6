// Per-instance index configuration: one WASM instance holds exactly one index, so its
// settings and state are module globals.
export const MAX_FIELDS: u32 = 16;

export let fieldCount: u32 = 1;
export let tokenFlags: u32 = 0;
export let k1: f32 = 1.2;
export let b: f32 = 0.75;
const boosts = heapScratch(<i32>(MAX_FIELDS * 4));

export function configure(fields: u32, flags: u32, bm25k1: f32, bm25b: f32): void {
  fieldCount = fields;
  tokenFlags = flags;
  k1 = bm25k1;
  b = bm25b;
  for (let f: u32 = 0; f < MAX_FIELDS; f++) store<f32>(boosts + (f << 2), 1);
}

export function setFieldBoost(field: u32, boost: f32): void {
  store<f32>(boosts + (field << 2), boost);
}

@inline export function fieldBoost(field: u32): f32 {
  return load<f32>(boosts + (field << 2));
}
