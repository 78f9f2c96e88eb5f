// @ts-check
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { portico } from './src/integration/index.ts';
import { maxBodyBytes } from './src/server/body-limit.ts';

const publicUrl = new URL(process.env.PORTICO_PUBLIC_URL || `http://localhost:${process.env.PORT || 4321}`);

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone', bodySizeLimit: maxBodyBytes }),
  integrations: [portico({ publicUrl })],
  // Sessions are Portico's own (src/core/session); Astro's session runtime is not used.
  session: false,
  security: {
    // Portico checks Origin and Sec-Fetch-Site itself for every unsafe request (src/server/csrf.ts):
    // Astro's check cannot tell a cross-site browser post from a script that sends no Origin header.
    checkOrigin: false,
    // Only these hosts may be named by X-Forwarded-Host; links and mail always use PORTICO_PUBLIC_URL.
    allowedDomains: [{ hostname: publicUrl.hostname, protocol: publicUrl.protocol.replace(':', '') }],
  },
  build: {
    // External stylesheets keep the Content-Security-Policy free of 'unsafe-inline'.
    inlineStylesheets: 'never',
  },
  devToolbar: { enabled: false },
});
