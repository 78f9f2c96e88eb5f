/**
 * Keeps the ticket page's collision notice current: every 20 seconds (and as soon as a reply is begun)
 * tells the server whether this agent is viewing or replying, and shows who else is on the ticket.
 */
const region = document.querySelector<HTMLElement>('[data-presence-url]');
const box = document.querySelector<HTMLTextAreaElement>('#field-body');
const everyMs = 20_000;

function render(target: HTMLElement, lines: string[]): void {
  const current = [...target.querySelectorAll('p:not(:first-child)')].map((p) => p.textContent);
  if (current.join('\n') === lines.join('\n')) return;
  target.replaceChildren();
  if (lines.length === 0) return;
  const notice = document.createElement('div');
  notice.className = 'notice presence-notice';
  const title = document.createElement('p');
  const strong = document.createElement('strong');
  strong.textContent = target.dataset['presenceTitle'] ?? '';
  title.append(strong);
  notice.append(title, ...lines.map((line) => Object.assign(document.createElement('p'), { textContent: line })));
  target.append(notice);
}

async function ping(target: HTMLElement): Promise<void> {
  if (document.hidden) return;
  const activity = box && box.value.trim() !== '' ? 'replying' : 'viewing';
  try {
    const response = await fetch(target.dataset['presenceUrl'] ?? '', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ activity }),
      credentials: 'same-origin',
    });
    if (!response.ok) return;
    const body = (await response.json()) as { lines?: unknown };
    if (Array.isArray(body.lines))
      render(
        target,
        body.lines.filter((line) => typeof line === 'string'),
      );
  } catch {
    // Offline for a moment: the next ping tries again.
  }
}

if (region) {
  setInterval(() => void ping(region), everyMs);
  let replying = false;
  box?.addEventListener('input', () => {
    const now = box.value.trim() !== '';
    if (now !== replying) {
      replying = now;
      void ping(region);
    }
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void ping(region);
  });
}

// A module of its own, so its names stay out of the global scope.
export {};
