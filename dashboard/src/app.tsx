import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useSearch } from '@tanstack/react-router';
import { useEffect } from 'react';
import { ApiKeyForm, useApiKeyState } from './api-key-form';
import { live } from './live';
import { LiveIndicator } from './live-indicator';

/** Search for a link that keeps only the forced transport (`?transport=`) of the current page. */
export const keepTransport = (previous: { transport?: string }) => ({ transport: previous.transport });

/** The root route: header, navigation, the live indicator, and the page (or the API key form). */
export function AppLayout() {
  const client = useQueryClient();
  useEffect(() => {
    void live.start();
    // Coming back online is the moment to try again, even after the retry table gave up.
    const online = () => void live.start();
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);
  const key = useApiKeyState();
  // A newly entered key: connect with it (the first start stopped at the 401) and fetch everything again.
  useEffect(() => {
    if (key.generation === 0) return;
    void live.start();
    void client.invalidateQueries();
  }, [key.generation, client]);
  const { transport } = useSearch({ strict: false });
  const search = transport ? { transport } : {};
  return (
    <div className="app">
      <header className="top">
        <span className="brand">qyl</span>
        <nav>
          <Link to="/" search={search} activeOptions={{ exact: true, includeSearch: false }} activeProps={{ className: 'active' }}>Live</Link>
          <Link to="/sessions" search={search} activeOptions={{ includeSearch: false }} activeProps={{ className: 'active' }}>Sessions</Link>
          <Link to="/services" search={search} activeOptions={{ includeSearch: false }} activeProps={{ className: 'active' }}>Services</Link>
        </nav>
        <LiveIndicator />
      </header>
      {/* Keyed by the key's generation: pages mount afresh with a newly entered key. */}
      <main key={key.generation}>
        {key.needed ? <ApiKeyForm refused={key.refused} /> : <Outlet />}
      </main>
    </div>
  );
}

export function NotFound() {
  return <div className="empty">no such page</div>;
}
