// Keys: "/" focuses the search box (from anywhere but another text field); ↓ from the box goes to
// the first hit; ↑/↓ move between hits; Enter (a button press) opens one; Escape returns to the box.
export function installKeyboardNavigation(input: HTMLInputElement, list: HTMLOListElement): void {
  const titles = () => [...list.querySelectorAll<HTMLButtonElement>('.hit-title')];

  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, [contenteditable="true"]')) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      const first = titles()[0];
      if (first) { event.preventDefault(); first.focus(); }
    } else if (event.key === 'Enter') {
      event.preventDefault(); // search-as-you-type: Enter goes to the first hit instead of submitting
      titles()[0]?.focus();
    }
  });

  list.addEventListener('keydown', (event) => {
    const all = titles();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown' && at + 1 < all.length) { event.preventDefault(); all[at + 1].focus(); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); (at > 0 ? all[at - 1] : input).focus(); }
    else if (event.key === 'Escape') { event.preventDefault(); input.focus(); }
  });

  // Focused hits scroll into view without jumping (phones have little room).
  list.addEventListener('focusin', (event) => (event.target as HTMLElement).closest('li')?.scrollIntoView({ block: 'nearest' }));
}
