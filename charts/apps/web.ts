import { defineApp } from '../lib/app-definition';

/**
 * The storefront's web front end: public at https://web.<domain>/, calls the api.
 * Replicas or autoscaling bounds and the image digest live in overlays/<env>/.
 */
export default defineApp({
  name: 'web',
  team: 'storefront',
  port: 8080,
  healthPath: '/healthz',
  readinessPath: '/ready',
  resources: { cpu: '100m', memory: '128Mi' },
  metricsPort: 9090,
  expose: true,
  config: {
    API_URL: 'http://api.api.svc',
    LOG_FORMAT: 'json',
  },
});
