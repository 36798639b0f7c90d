import { createRootRoute, createRoute, createRouter, type RouterHistory } from '@tanstack/react-router';
import { AppLayout, NotFound } from './app';
import { FeedPage } from './feed-page';
import { feedSearch } from './feed-filter';
import { globalSearch, parseSearch, stringifySearch, text } from './search-params';
import { ServicePage } from './service-page';
import { ServicesPage } from './services-page';
import { SessionPage } from './session-page';
import { SessionsPage } from './sessions-page';
import { TracePage } from './trace-page';

// Code-based routes: the contract fixes `/`, `/sessions`, `/sessions/{sessionId}`, `/services` and
// `/traces/{traceId}`; every route keeps `?transport=` (validated once, on the root).
const rootRoute = createRootRoute({ component: AppLayout, notFoundComponent: NotFound, validateSearch: globalSearch });

const feedRoute = createRoute({
  getParentRoute: () => rootRoute, path: '/', validateSearch: feedSearch,
  component: function FeedRoute() {
    return <FeedPage search={feedRoute.useSearch()} />;
  },
});

const sessionsRoute = createRoute({ getParentRoute: () => rootRoute, path: 'sessions', component: SessionsPage });

const sessionRoute = createRoute({
  getParentRoute: () => rootRoute, path: 'sessions/$sessionId',
  component: function SessionRoute() {
    const { sessionId } = sessionRoute.useParams();
    return <SessionPage key={sessionId} sessionId={sessionId} />;
  },
});

const servicesRoute = createRoute({ getParentRoute: () => rootRoute, path: 'services', component: ServicesPage });

/** `?span=` selects a span on the trace page (the feed's rows link to it). */
export function traceSearch(raw: Record<string, unknown>): { span?: string } {
  const span = text(raw.span);
  return span ? { span } : {};
}

const serviceRoute = createRoute({
  getParentRoute: () => rootRoute, path: 'services/$serviceName',
  component: function ServiceRoute() {
    const { serviceName } = serviceRoute.useParams();
    return <ServicePage key={serviceName} serviceName={serviceName} />;
  },
});

const traceRoute = createRoute({
  getParentRoute: () => rootRoute, path: 'traces/$traceId', validateSearch: traceSearch,
  component: function TraceRoute() {
    const { traceId } = traceRoute.useParams();
    return <TracePage key={traceId} traceId={traceId} selectedSpanId={traceRoute.useSearch().span ?? null} />;
  },
});

export const routeTree = rootRoute.addChildren([feedRoute, sessionsRoute, sessionRoute, servicesRoute, serviceRoute, traceRoute]);

export function createAppRouter(history?: RouterHistory) {
  return createRouter({ routeTree, history, parseSearch, stringifySearch, trailingSlash: 'preserve', scrollRestoration: false });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
