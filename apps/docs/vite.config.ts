import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';
export default defineConfig({
  resolve: { conditions: ['@ntm/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@ntm/source', ...defaultServerConditions], externalConditions: ['@ntm/source'] } },
});
