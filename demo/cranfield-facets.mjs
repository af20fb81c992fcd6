// The demo's facets for Cranfield, derived at build time from each abstract's `source` line
// (e.g. "j. ae. scs. 25, 1958, 324."): the decade of its year, and the venue family (journal or
// report series). About one abstract in six names an institution instead: 'unknown' / 'other'.
const VENUES = [
  ['J. Aero. Sci.', /^j\.? ?ae(ro)?\.? ?sc/],
  ['NACA', /^naca/],
  ['NASA', /^nasa/],
  ['ARC (UK)', /^(a\.?r\.?c\.?|arc)\b/],
  ['RAE (UK)', /^r\.?a\.?e\.?\b/],
  ['AIAA / ARS', /^(aiaa|a\.i\.a\.a|ars\b|a\.r\.s)/],
  ['J. Appl. Mech.', /^j\.? ?app\.? ?mech/],
  ['J. Fluid Mech.', /^j\.? ?fluid mech/],
  ['Math. journals', /^(q\.? ?j\.? ?mech|q\.? ?app|j\.? ?math|proc\.? ?roy|phil|zamp|z\.? ?angew)/],
];

/** '1950s' from the first year 1900–1979 in the source line, else 'unknown'. */
export function decadeOf(source) {
  const year = /\b19([0-7])\d\b/.exec(source ?? '');
  return year ? `19${year[1]}0s` : 'unknown';
}

/** The venue family of the source line, else 'other'. */
export function venueOf(source) {
  const text = (source ?? '').trim().toLowerCase();
  for (const [name, pattern] of VENUES) if (pattern.test(text)) return name;
  return 'other';
}
