/** The address is the app's state: links inside the app change it without reloading the page. */
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

/** The current path and query, re-rendering the caller when they change. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const changed = () => setTick((n) => n + 1);
    listeners.add(changed);
    window.addEventListener('popstate', changed);
    return () => {
      listeners.delete(changed);
      window.removeEventListener('popstate', changed);
    };
  }, []);
  return { path: location.pathname, search: new URLSearchParams(location.search) };
}

/** Clicks on links to the app's own pages navigate inside it (a new tab or a download works as usual). */
export function interceptLinks(): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/public/')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}

export const taskHref = (workflowId: string): string => `/tasks/${encodeURIComponent(workflowId)}`;
export const fileHref = (code: string): string => `/files/${encodeURIComponent(code)}`;
