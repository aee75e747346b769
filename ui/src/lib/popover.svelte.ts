// One popover open at a time in the whole window (export menus and the PDF report menu): opening
// one closes the other, and a tab or screen change closes whichever is open. Escape and a click
// outside are handled by each popover (they know their own element).

let openId = $state<number | null>(null);
let lastId = 0;

/** A new popover's identity. */
export function popoverId(): number {
  return ++lastId;
}

export function isPopoverOpen(id: number): boolean {
  return openId === id;
}

/** Opens `id`, closing any other popover. */
export function openPopover(id: number): void {
  openId = id;
}

export function closePopover(id: number): void {
  if (openId === id) openId = null;
}

/** Closes whichever popover is open (tab and screen changes). */
export function closeAllPopovers(): void {
  openId = null;
}
