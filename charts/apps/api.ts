import { defineApp } from '../lib/app-definition';

/**
 * The storefront's API with its Postgres database: called by web and worker, never exposed.
 * Its database URL comes from the secret store; before each Velero backup the pod dumps the
 * database into its dump volume, which the backup then copies.
 */
export default defineApp({
  name: 'api',
  team: 'storefront',
  port: 8080,
  healthPath: '/healthz',
  readinessPath: '/ready',
  resources: { cpu: '250m', memory: '256Mi' },
  metricsPort: 8080,
  callers: ['web', 'worker'],
  targetCpuUtilization: 60,
  config: { LOG_FORMAT: 'json' },
  secrets: [{ env: 'DATABASE_URL', remoteKey: 'apps/api/database', property: 'url' }],
  database: {
    // No shell by default: /bin/sh -c so that $DATABASE_URL is expanded.
    dumpCommand: ['/bin/sh', '-c', 'pg_dump --format=custom --file=/dump/api.dump "$DATABASE_URL"'],
    timeout: '10m',
    dumpSizeLimit: '2Gi',
  },
});
