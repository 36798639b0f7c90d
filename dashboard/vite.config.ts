import { defineConfig } from 'vite';

// The dev server proxies the hub's endpoints so `npm run dev` works against `dotnet run --project Qyl.Hub`.
const hub = process.env.QYL_HUB_URL ?? 'http://127.0.0.1:5100';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1000 },
  server: {
    proxy: {
      '/api': hub,
      '/hubs': { target: hub, ws: true },
    },
  },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
} as Parameters<typeof defineConfig>[0]);
