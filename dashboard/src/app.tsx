import { useEffect } from 'react';
import { ApiKeyForm, useApiKeyState } from './api-key-form';
import { FeedPage } from './feed-page';
import { Link } from './link';
import { live } from './live';
import { LiveIndicator } from './live-indicator';
import { matchRoute, useLocationHref } from './router';
import { ServicesPage } from './services-page';
import { SessionsPage } from './sessions-page';
import { TracePage } from './trace-page';

export function App() {
  const href = useLocationHref();
  const url = new URL(href, window.location.origin);
  const route = matchRoute(url.pathname);
  useEffect(() => {
    void live.start();
    // Coming back online is the moment to try again, even after the retry table gave up.
    const online = () => void live.start();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);
  const key = useApiKeyState();
  // A newly entered key: connect with it (the first start stopped at the 401).
  useEffect(() => {
    if (key.generation > 0) void live.start();
  }, [key.generation]);
  const transport = new URLSearchParams(url.search).get('transport');
  const keep = transport ? `?transport=${encodeURIComponent(transport)}` : '';
  const nav = (path: string, label: string, active: boolean) => (
    <Link href={`${path}${keep}`} className={active ? 'active' : ''}>{label}</Link>
  );
  return (
    <div className="app">
      <header className="top">
        <span className="brand">qyl</span>
        <nav>
          {nav('/', 'Live', route.page === 'feed')}
          {nav('/sessions', 'Sessions', route.page === 'sessions')}
          {nav('/services', 'Services', route.page === 'services')}
        </nav>
        <LiveIndicator />
      </header>
      {/* Keyed by the key's generation: pages mount afresh and fetch again with a newly entered key. */}
      <main key={key.generation}>
        {key.needed ? <ApiKeyForm refused={key.refused} /> : (<>
          {route.page === 'feed' && <FeedPage search={url.search} />}
          {route.page === 'sessions' && <SessionsPage />}
          {route.page === 'services' && <ServicesPage />}
          {route.page === 'trace' && <TracePage key={route.traceId} traceId={route.traceId} search={url.search} />}
          {route.page === 'not-found' && <div className="empty">no such page</div>}
        </>)}
      </main>
    </div>
  );
}
