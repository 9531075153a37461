import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/** Where the dev server sends API calls (and the chat socket), the sandbox pay page and uploaded images. */
const apiTarget = process.env.SHOP_API_TARGET ?? 'http://127.0.0.1:3100';
const proxied = { target: apiTarget, changeOrigin: false };

export default defineConfig({
  base: '/',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: { '/api': { ...proxied, ws: true }, '^/pay/': proxied, '/uploads': proxied },
  },
});
