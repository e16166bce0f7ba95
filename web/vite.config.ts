import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API and the local object URLs to a running `mendan serve`
// (MENDAN_URL, default http://127.0.0.1:8080).
const backend = process.env.MENDAN_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { target: 'es2020', sourcemap: false, chunkSizeWarningLimit: 400 },
  server: {
    proxy: {
      '^/t/[^/]+/v1': backend,
      '/objects': backend,
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
