import { defineApp } from '../lib/app-definition';

/**
 * Signs payment batches inside a trusted execution environment: runs only on the TEE node pool
 * (overlays/<env>/platform.yaml `tee`), takes work from the api, serves nothing but health and
 * metrics.
 */
export default defineApp({
  name: 'worker',
  team: 'payments',
  port: 8080,
  healthPath: '/healthz',
  resources: { cpu: '500m', memory: '512Mi' },
  metricsPort: 9090,
  confidential: true,
  secrets: [{ env: 'SIGNING_KEY_ID', remoteKey: 'apps/worker/signing', property: 'key-id' }],
});
