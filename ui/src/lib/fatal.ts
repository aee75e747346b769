// Last-resort error display for when the UI itself cannot start. Plain DOM and text only.

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

export function showFatalError(target: HTMLElement, error: unknown): void {
  const box = document.createElement('div');
  box.className = 'fatal-error';
  box.setAttribute('role', 'alert');
  const title = document.createElement('h1');
  title.textContent = 'QoScope could not start its window.';
  const hint = document.createElement('p');
  hint.textContent =
    'Restart QoScope. If this keeps happening, copy the text below into your support ticket.';
  const details = document.createElement('pre');
  details.textContent = describe(error);
  box.append(title, hint, details);
  target.replaceChildren(box);
}
