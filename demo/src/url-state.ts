// What the address bar keeps: the query (q), the collection (c=files), chosen facet values (one
// parameter per field) and a forced WASM flavour (wasm=scalar|simd). Replaced, not pushed, on
// every keystroke, so Back leaves the page instead of stepping through letters.
import { FACETS } from './facet-fields.js';
import type { CollectionName, Filter } from './protocol.js';

export interface UrlState {
  query: string;
  collection: CollectionName;
  filter: Filter;
  flavour?: 'simd' | 'scalar';
}

export function readUrlState(location: Location): UrlState {
  const params = new URLSearchParams(location.search);
  const flavour = params.get('wasm');
  const collection: CollectionName = params.get('c') === 'files' ? 'files' : 'cranfield';
  // Only the collection's facet fields: other parameters (a tracker's, a typo) are not filters.
  const filter: Filter = {};
  for (const { field } of FACETS[collection]) if (params.get(field)) filter[field] = params.get(field)!;
  return {
    query: params.get('q') ?? '',
    collection,
    filter,
    flavour: flavour === 'scalar' || flavour === 'simd' ? flavour : undefined,
  };
}

export function writeUrlState(state: UrlState): void {
  const params = new URLSearchParams();
  if (state.query) params.set('q', state.query);
  if (state.collection !== 'cranfield') params.set('c', state.collection);
  for (const [key, value] of Object.entries(state.filter)) params.set(key, value);
  if (state.flavour) params.set('wasm', state.flavour);
  const search = params.toString();
  const url = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, '', url);
}
