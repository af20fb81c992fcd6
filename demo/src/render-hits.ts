// Ranked hits as list items: the title with its matched words marked, a meta line, and the
// snippet around the densest matches (all from the engine's UTF-16 highlight offsets).
import type { CollectionName, Hit } from './protocol.js';

/** `text` with each [start, end) range wrapped in <mark>. */
export function marked(text: string, matches: [number, number][]): DocumentFragment {
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of matches) {
    if (start < at) continue;
    out.append(text.slice(at, start));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    out.append(mark);
    at = end;
  }
  out.append(text.slice(at));
  return out;
}

function titleOf(hit: Hit): DocumentFragment {
  const stored = typeof hit.fields.title === 'string' ? hit.fields.title : '';
  // Cranfield's titles end in " ." (the collection's tokenized style): cut for display only.
  const title = stored.replace(/\s+\.\s*$/, '');
  if (!title.trim()) return marked(hit.id, []);
  const matches = (hit.highlights?.title?.matches ?? []).filter(([, end]) => end <= title.length);
  return marked(title, matches);
}

function snippetOf(hit: Hit): DocumentFragment | undefined {
  const snippet = hit.highlights?.text?.snippet;
  if (!snippet) return undefined;
  const out = marked(snippet.text, snippet.matches);
  if (snippet.start > 0) out.prepend('… ');
  if (snippet.end < Number(hit.fields.textLength ?? Infinity)) out.append(' …');
  return out;
}

function metaOf(hit: Hit, collection: CollectionName): string {
  const f = hit.fields;
  const parts = collection === 'cranfield'
    ? [f.author, f.source, `#${hit.id}`]
    : [f.path];
  return parts.filter((part) => typeof part === 'string' && part.trim()).map((part) => String(part).trim()).join(' · ');
}

export function renderHits(list: HTMLOListElement, hits: Hit[], collection: CollectionName, offset = 0): void {
  list.replaceChildren(...hits.map((hit, i) => {
    const item = document.createElement('li');
    item.className = 'hit';
    item.dataset.id = hit.id;
    item.dataset.rank = String(offset + i + 1);
    item.dataset.score = String(hit.score);
    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'hit-title';
    open.setAttribute('aria-expanded', 'false');
    open.append(titleOf(hit));
    const heading = document.createElement('h3');
    heading.append(open);
    const meta = document.createElement('p');
    meta.className = 'hit-meta';
    meta.textContent = metaOf(hit, collection);
    const score = document.createElement('span');
    score.className = 'hit-score';
    score.textContent = `score ${hit.score.toFixed(2)}`;
    meta.append(score);
    item.append(heading, meta);
    const snippet = snippetOf(hit);
    if (snippet) {
      const text = document.createElement('p');
      text.className = 'hit-snippet';
      text.append(snippet);
      item.append(text);
    }
    return item;
  }));
}

/** The whole document under its hit (Enter or click on the title); again to fold it. */
export function toggleDetail(item: HTMLElement, fields: Record<string, unknown> | null): void {
  const button = item.querySelector<HTMLButtonElement>('.hit-title')!;
  const existing = item.querySelector('.hit-detail');
  if (existing) {
    existing.remove();
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  const detail = document.createElement('div');
  detail.className = 'hit-detail';
  detail.id = `detail-${item.dataset.rank}`;
  const text = String(fields?.text ?? '');
  detail.textContent = text.length > 20_000 ? `${text.slice(0, 20_000)} …` : text || '(no text stored)';
  item.append(detail);
  button.setAttribute('aria-controls', detail.id);
  button.setAttribute('aria-expanded', 'true');
}
