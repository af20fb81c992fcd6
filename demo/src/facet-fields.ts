// The facet chips each collection offers: Cranfield's decade and venue (derived from each
// abstract's source line at build time, see demo/cranfield-facets.mjs) and your files' type.
import type { CollectionInfo, CollectionName } from './protocol.js';

export const FACETS: Record<CollectionName, CollectionInfo['facets']> = {
  cranfield: [{ field: 'decade', label: 'Decade' }, { field: 'venue', label: 'Venue' }],
  files: [{ field: 'type', label: 'File type' }],
};
