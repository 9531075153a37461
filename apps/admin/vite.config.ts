import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const apiTarget = process.env.MALL_API ?? 'http://localhost:3200';

export default defineConfig({
  base: '/admin/',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { port: 5174, proxy: { '/api': { target: apiTarget, ws: true }, '/uploads': { target: apiTarget }, '/pay': { target: apiTarget } } },
});
