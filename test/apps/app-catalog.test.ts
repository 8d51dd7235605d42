import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { definitionProblems, formatDefinitionProblem } from '../../charts/lib/app/definition-problems';
import { loadAppCatalog } from '../../src/app-catalog';
import { REPO_ROOT } from '../../src/synth-pipeline';

const APP_DEFINITION = path.join(REPO_ROOT, 'charts/lib/app-definition.ts');

/** A repository whose charts/apps/ holds these modules (file name -> source). */
function appsRepository(modules: Record<string, string>): string {
  const root = mkdtempSync(path.join(process.env.GITOPS_TEST_TMP ?? tmpdir(), 'app-catalog-'));
  mkdirSync(path.join(root, 'charts/apps'), { recursive: true });
  for (const [file, source] of Object.entries(modules)) writeFileSync(path.join(root, 'charts/apps', file), source);
  return root;
}

const defined = (body: string) => `import { defineApp } from ${JSON.stringify(APP_DEFINITION)};\n\nexport default defineApp({\n${body}\n});\n`;

const VALID = `  name: 'orders',\n  team: 'storefront',\n  port: 8080,\n  healthPath: '/healthz',\n  resources: { cpu: '200m', memory: '256Mi' },`;

async function catalogProblems(modules: Record<string, string>): Promise<string[]> {
  try {
    await loadAppCatalog(appsRepository(modules));
  } catch (error) {
    // A plain Error: the CLI prints its message, never a stack trace.
    expect((error as Error).constructor).toBe(Error);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected the catalog to refuse the apps');
}

describe('the app catalog validates whatever a module exports', () => {
  it('loads a valid defineApp() module', async () => {
    const catalog = await loadAppCatalog(appsRepository({ 'orders.ts': defined(VALID) }));
    expect(catalog.get('orders')).toMatchObject({ file: 'charts/apps/orders.ts', definition: { name: 'orders', port: 8080 } });
    expect(Object.isFrozen(catalog.get('orders')!.definition.resources)).toBe(true);
  });

  it('names the file and line of every problem defineApp() finds, for every app at once', async () => {
    const problems = await catalogProblems({
      'kube-system.ts': defined(VALID.replace("'orders'", "'kube-system'").replace("cpu: '200m', memory: '256Mi'", "cpu: '0', memory: '0Mi'")),
      'orders.ts': defined(`${VALID}\n  config: { DB_PASS: 'hunter2', KEYBOARD_LAYOUT: 'de' },`),
    });
    expect(problems).toEqual([
      '4 problem(s) in charts/apps/:',
      'charts/apps/kube-system.ts:4: name: reserved: kube-* namespaces belong to Kubernetes, got "kube-system", expected a name that no platform component, platform namespace or Argo CD object uses',
      'charts/apps/kube-system.ts:8: resources.cpu: must be greater than zero, got "0", expected a CPU quantity such as 250m',
      'charts/apps/kube-system.ts:8: resources.memory: must be greater than zero, got "0Mi", expected a memory quantity such as 256Mi',
      'charts/apps/orders.ts:9: config.DB_PASS: looks like a credential (its name suggests a credential and it has a literal value); the value is not shown, expected a non-secret setting; deliver credentials through `secrets` (an ExternalSecret), never as literals',
    ]);
    expect(problems.join()).not.toContain('hunter2');
  });

  it('validates a frozen object literal that skips defineApp() just the same', async () => {
    const literal = `export default Object.freeze({\n${VALID.replace('port: 8080', 'port: 80').replace("'/healthz'", "'healthz'")}\n  readinesPath: '/ready',\n});\n`;
    expect(await catalogProblems({ 'orders.ts': literal })).toEqual([
      '3 problem(s) in charts/apps/:',
      'charts/apps/orders.ts:4: port: not an unprivileged port, got 80, expected an unprivileged port between 1024 and 65535',
      "charts/apps/orders.ts:5: healthPath: invalid value, got \"healthz\", expected an absolute HTTP path such as /healthz",
      'charts/apps/orders.ts:7: readinesPath: unknown key, expected one of: name, team, port, healthPath, readinessPath, resources, metricsPort, metricsPath, expose, callers, targetCpuUtilization, config, secrets, confidential, database, serviceAccountToken',
    ]);
  });

  it('refuses a default export that is not an object, and a module that cannot load, naming the file', async () => {
    expect(await catalogProblems({ 'answer.ts': 'export default 42;\n', 'broken.ts': "throw new TypeError('boom');\n", 'missing.ts': 'export const orders = 1;\n' })).toEqual([
      '3 problem(s) in charts/apps/:',
      'charts/apps/answer.ts:1: (default export): not an app definition, got number, expected export default defineApp({...})',
      'charts/apps/broken.ts:1: (module): cannot be loaded: boom',
      'charts/apps/missing.ts:1: (default export): not an app definition, got undefined, expected export default defineApp({...})',
    ]);
  });

  it('refuses an app whose name differs from its file name', async () => {
    expect(await catalogProblems({ 'order.ts': defined(VALID) })).toEqual([
      '1 problem(s) in charts/apps/:',
      'charts/apps/order.ts:4: name: does not match the file name, got "orders", expected "order"',
    ]);
  });
});

describe('app definition checks', () => {
  const base = { name: 'orders', team: 'storefront', port: 8080, healthPath: '/healthz', resources: { cpu: '200m', memory: '256Mi' } };
  const problems = (definition: unknown) => definitionProblems(definition).map(formatDefinitionProblem);

  it('accepts the README example', () => {
    expect(problems({ ...base, readinessPath: '/ready', metricsPort: 9090, expose: true, callers: ['web'], config: { LOG_FORMAT: 'json' }, secrets: [{ env: 'DATABASE_URL', remoteKey: 'apps/orders/database', property: 'url' }] })).toEqual([]);
  });

  it.each(['default', 'kube-public', 'kube-node-lease', 'root', 'restore', 'platform', 'apps', 'monitoring', 'cert-manager', 'external-secrets', 'kyverno', 'logging', 'ingress-nginx', 'traefik'])('refuses the reserved name %s', (name) => {
    expect(problems({ ...base, name })).toEqual([expect.stringMatching(new RegExp(`^name: reserved: .+, got "${name}", expected a name that no platform component, platform namespace or Argo CD object uses$`))]);
  });

  it('refuses credentials in config by name, value or format, and accepts names that only contain KEY', () => {
    const config = { DB_PASS: 'x', SESSION_KEY: 'abc', AUTH: ['Basic', 'dXNlcjpwYXNz'].join(' '), GPG_PASSPHRASE: 'p', PAYMENTS: ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'), KEYBOARD_LAYOUT: 'de', LOG_LEVEL: 'info' };
    const expected = 'expected a non-secret setting; deliver credentials through `secrets` (an ExternalSecret), never as literals';
    expect(problems({ ...base, config })).toEqual([
      `config.DB_PASS: looks like a credential (its name suggests a credential and it has a literal value); the value is not shown, ${expected}`,
      `config.SESSION_KEY: looks like a credential (its name suggests a credential and it has a literal value); the value is not shown, ${expected}`,
      `config.AUTH: looks like a credential (its value looks like an Authorization header value (Basic credentials)); the value is not shown, ${expected}`,
      `config.GPG_PASSPHRASE: looks like a credential (its name suggests a credential and it has a literal value); the value is not shown, ${expected}`,
      `config.PAYMENTS: looks like a credential (its value looks like a Stripe secret key); the value is not shown, ${expected}`,
    ]);
  });

  it('refuses invisible characters in any string, and a credential anywhere else in the definition', () => {
    expect(problems({ ...base, healthPath: '/health\u200bz' })).toEqual(['healthPath: invalid value, got "/health\\u{200b}z", expected an absolute HTTP path such as /healthz']);
    expect(problems({ ...base, config: { GREETING: 'hi\u202Eevil' } })).toEqual(['config.GREETING: contains an invisible or control character (U+202E at character 3), got "hi\\u{202e}evil", expected visible characters only (retype the value)']);
    expect(problems({ ...base, database: { dumpCommand: ['/bin/sh', '-c', 'pg_dump postgres://app:hunter2@db/app'] } })).toEqual([
      'database.dumpCommand.2: looks like a credential (its value looks like a password in a URL); the value is not shown, expected no credentials in an app definition; use `secrets` (an ExternalSecret)',
    ]);
  });

  it('refuses zero requests and wrong types without crashing on them', () => {
    expect(problems({ ...base, resources: { cpu: '0m', memory: '0Gi' } })).toEqual([
      'resources.cpu: must be greater than zero, got "0m", expected a CPU quantity such as 250m',
      'resources.memory: must be greater than zero, got "0Gi", expected a memory quantity such as 256Mi',
    ]);
    expect(problems({ ...base, healthPath: 42, resources: 'small' })).toEqual(['healthPath: wrong type, got 42, expected string', 'resources: wrong type, got "small", expected object']);
  });
});
