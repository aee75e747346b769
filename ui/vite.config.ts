import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Vite serves and builds the web UI from `ui/`; Tauri loads `ui/dist` (or the dev server on 1420).
const root = fileURLToPath(new URL('.', import.meta.url));
const isTest = !!process.env.VITEST;
const tauriDebug = !!process.env.TAURI_ENV_DEBUG;

export default defineConfig({
  root,
  plugins: [svelte()],
  // Tauri prints its own output; keep Vite's on screen.
  clearScreen: false,
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  server: {
    port: 1420,
    strictPort: true,
    host: process.env.TAURI_DEV_HOST || false,
  },
  resolve: {
    // Tests run Svelte's browser build (not its SSR build) in happy-dom.
    conditions: isTest ? ['browser', 'module', 'development|production'] : undefined,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK (Linux), WebView2 (Windows) and WKWebView (macOS) all run ES2022.
    target: ['es2022', 'chrome105', 'safari15'],
    // One stylesheet linked from index.html; no data: URIs (strict CSP).
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    minify: !tauriDebug,
    sourcemap: tauriDebug,
  },
  test: {
    root,
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['@testing-library/svelte/vitest'],
    restoreMocks: true,
    // Fixed zone so local-time assertions are deterministic (UTC+01:00 in November).
    env: { TZ: 'Europe/Berlin' },
  },
});
