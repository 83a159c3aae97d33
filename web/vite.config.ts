import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Vite runs this file in Node; declared here so the web tsconfig needs no @types/node.
declare const process: { env: Record<string, string | undefined> }

// Dev server: the C++ API server (rongxin) is expected on 127.0.0.1:8080.
// Override with RONGXIN_API_PROXY=http://host:port npm run dev
const apiTarget = process.env.RONGXIN_API_PROXY || 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [vue()],
  define: {
    // vue-i18n / intlify feature flags (composition API only, no devtools in prod)
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __INTLIFY_DROP_MESSAGE_COMPILER__: false,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // Own assets are emitted as files, never inlined. (Element Plus CSS itself still
    // carries a few data: SVG masks, so a CSP needs img-src 'self' data:.)
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // Vue core in its own long-lived chunk. Element Plus deliberately stays with the
        // app code: forcing it into a manual chunk defeats tree-shaking (the whole library,
        // ~925 kB, gets bundled instead of the ~360 kB actually used).
        // ECharts (with zrender) gets a chunk of its own as well, loaded only by the pages
        // that draw charts. A function, unlike a list of entries, assigns only the modules
        // the build actually keeps, so ECharts stays tree-shaken to the parts imported.
        manualChunks(id: string) {
          if (/\/node_modules\/(vue|@vue|vue-router|vue-i18n|@intlify)\//.test(id)) return 'vue'
          if (/\/node_modules\/(echarts|zrender|tslib)\//.test(id)) return 'echarts'
          return undefined
        },
      },
    },
  },
})
