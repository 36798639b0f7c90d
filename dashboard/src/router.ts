import { useSyncExternalStore } from 'react';

// Client-side routing on the history API: the location is an external store read with useSyncExternalStore.
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentHref = () => window.location.pathname + window.location.search;

export function useLocationHref(): string {
  return useSyncExternalStore(subscribe, currentHref);
}

/** Goes to `href` (push adds a history entry; replace rewrites the current one, e.g. for filter edits). */
export function navigate(href: string, mode: 'push' | 'replace' = 'push'): void {
  if (href === currentHref()) return;
  if (mode === 'push') window.history.pushState(null, '', href);
  else window.history.replaceState(null, '', href);
  for (const listener of listeners) listener();
}

export type Route =
  | { page: 'feed' }
  | { page: 'sessions' }
  | { page: 'services' }
  | { page: 'trace'; traceId: string }
  | { page: 'not-found' };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'feed' };
  if (path === '/sessions') return { page: 'sessions' };
  if (path === '/services') return { page: 'services' };
  const trace = /^\/traces\/([^/]+)$/.exec(path);
  if (trace?.[1]) return { page: 'trace', traceId: decodeURIComponent(trace[1]) };
  return { page: 'not-found' };
}
