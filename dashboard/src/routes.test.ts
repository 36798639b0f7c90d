import { createMemoryHistory } from '@tanstack/react-router';
import { describe, expect, it } from 'vitest';
import { createAppRouter } from './routes';

async function resolve(href: string) {
  const router = createAppRouter(createMemoryHistory({ initialEntries: [href] }));
  await router.load();
  const match = router.state.matches[router.state.matches.length - 1]!;
  return { routeId: match.routeId as string, params: match.params as Record<string, string>, search: match.search as Record<string, unknown>, router };
}

describe('routes', () => {
  it('feed_ContractFilterParams_ParsedAsStrings', async () => {
    const { routeId, search } = await resolve('/?serviceName=shop&sessionId=007&traceId=abc&genAiOnly=true&transport=sse');
    expect(routeId).toBe('/');
    expect(search).toMatchObject({ serviceName: 'shop', sessionId: '007', traceId: 'abc', genAiOnly: true, transport: 'sse' });
  });

  it('trace_PathParamAndSpan_Resolved', async () => {
    const { routeId, params, search } = await resolve('/traces/0af7651916cd43dd8448eb211c80319c?span=b7ad6b7169203331');
    expect(routeId).toBe('/traces/$traceId');
    expect(params.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(search.span).toBe('b7ad6b7169203331');
  });

  it('session_PathParam_Resolved', async () => {
    const { routeId, params } = await resolve('/sessions/conv%2042');
    expect(routeId).toBe('/sessions/$sessionId');
    expect(params.sessionId).toBe('conv 42');
  });

  it('service_PathParam_Resolved', async () => {
    const { routeId, params } = await resolve('/services/checkout-api');
    expect(routeId).toBe('/services/$serviceName');
    expect(params.serviceName).toBe('checkout-api');
  });

  it('sessionsAndServices_TrailingSlash_SameRoute', async () => {
    expect((await resolve('/sessions/')).routeId).toBe('/sessions');
    expect((await resolve('/services')).routeId).toBe('/services');
  });

  it('unknownPath_NotFound', async () => {
    // Only the root matches: it renders its notFoundComponent in place of a page.
    const { router } = await resolve('/nope/at/all');
    expect(router.state.matches.map((m) => m.routeId)).toEqual(['__root__']);
  });

  it('buildLocation_FeedFilter_PlainQueryString', async () => {
    const { router } = await resolve('/');
    const location = router.buildLocation({ to: '/', search: { sessionId: '42', genAiOnly: true, transport: 'longpolling' } });
    expect(location.href).toBe('/?sessionId=42&genAiOnly=true&transport=longpolling');
  });
});
