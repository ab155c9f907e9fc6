import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The build is served by the gateway (gateway/internal/edge/web.go) under a strict
// Content-Security-Policy: everything must be a file under assets/ (hashed names,
// cached for a year), nothing inline. See docs/web.md.
export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // No data: URIs for small files and no inline module-preload polyfill: the CSP
    // allows scripts and styles from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      // zod places /* @__PURE__ */ comments where Rollup cannot use them; harmless.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: {
    // `npm run dev`: the API of a local `make run`, same origin for the cookies.
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
