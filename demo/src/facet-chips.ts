// Facet chips: per facet field, its values with counts over the matching documents; a chip is
// a toggle button (aria-pressed) that filters by its value.
import { formatCount } from './format.js';
import type { CollectionInfo, Filter, SearchAnswer } from './protocol.js';

const MAX_CHIPS = 8;

export function renderFacets(container: HTMLElement, facets: CollectionInfo['facets'], answer: SearchAnswer | undefined, filter: Filter, onToggle: (field: string, value: string) => void): void {
  // A chip toggled from the keyboard keeps the focus across the re-render its answer causes.
  const focused = container.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset : undefined;
  const groups = facets.map(({ field, label }) => {
    const counts = answer?.facets[field] ?? [];
    const chosen = filter[field];
    // The chosen value stays visible even when the current query matches none of it.
    const shown = counts.slice(0, MAX_CHIPS);
    if (chosen && !shown.some((c) => c.value === chosen)) shown.push({ value: chosen, count: counts.find((c) => c.value === chosen)?.count ?? 0 });
    if (!shown.length) return undefined;
    const group = document.createElement('div');
    group.className = 'facet-group';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', label);
    const name = document.createElement('span');
    name.className = 'facet-label';
    name.textContent = label;
    group.append(name);
    for (const { value, count } of shown) {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'chip';
      chip.dataset.field = field;
      chip.dataset.value = value;
      chip.setAttribute('aria-pressed', String(chosen === value));
      chip.append(value, ' ');
      const number = document.createElement('span');
      number.className = 'chip-count';
      number.textContent = formatCount(count);
      chip.append(number);
      chip.addEventListener('click', () => onToggle(field, value));
      group.append(chip);
    }
    return group;
  }).filter((group): group is HTMLDivElement => !!group);
  container.replaceChildren(...groups);
  if (focused?.field) {
    [...container.querySelectorAll<HTMLButtonElement>('.chip')].find((chip) => chip.dataset.field === focused.field && chip.dataset.value === focused.value)?.focus();
  }
}
