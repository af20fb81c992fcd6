// A seeded PRNG (mulberry32, shared with the benchmark corpora) so generated workloads are the
// same on every runtime.
export { mulberry32 as seededRandom } from '../../bench/data/zipf-corpus.mjs';
