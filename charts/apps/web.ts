import { defineApp } from '../lib/app-definition';

/** The storefront's web front end. Replicas and the image digest live in overlays/<env>/. */
export default defineApp({
  name: 'web',
  team: 'storefront',
  port: 8080,
  healthPath: '/healthz',
  resources: { cpu: '100m', memory: '128Mi' },
});
