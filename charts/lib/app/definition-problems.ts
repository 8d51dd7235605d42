import type { AppDefinition } from '../app-definition';
import { appKeyRoot } from '../secret-scope';
import { backupProblems } from './backup-hooks';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** Names that almost always hold a credential; their values belong in the secret store. */
const SECRET_LIKE = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/;

/**
 * Everything wrong with an app definition, each as `field must be <expected>, got <value>`.
 * Checked when the definition is declared, so a mistake fails at the line that makes it.
 */
export function definitionProblems(d: AppDefinition): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, field: string, got: unknown, expected: string): void => {
    if (!ok) problems.push(`${field} must be ${expected}, got ${JSON.stringify(got)}`);
  };
  check(DNS_LABEL.test(d.name) && d.name.length <= 40, 'name', d.name, 'a DNS label of at most 40 characters');
  check(DNS_LABEL.test(d.team), 'team', d.team, 'a DNS label');
  check(isUnprivilegedPort(d.port), 'port', d.port, 'an unprivileged port between 1024 and 65535');
  check(d.healthPath.startsWith('/'), 'healthPath', d.healthPath, 'an absolute HTTP path');
  if (d.readinessPath !== undefined) check(d.readinessPath.startsWith('/'), 'readinessPath', d.readinessPath, 'an absolute HTTP path');
  check(/^\d+m?$/.test(d.resources.cpu), 'resources.cpu', d.resources.cpu, 'a CPU quantity such as 250m');
  check(/^\d+(Mi|Gi)$/.test(d.resources.memory), 'resources.memory', d.resources.memory, 'a memory quantity such as 256Mi');
  if (d.metricsPort !== undefined) check(isUnprivilegedPort(d.metricsPort), 'metricsPort', d.metricsPort, 'an unprivileged port between 1024 and 65535');
  if (d.metricsPath !== undefined) check(d.metricsPath.startsWith('/'), 'metricsPath', d.metricsPath, 'an absolute HTTP path');
  if (d.targetCpuUtilization !== undefined) {
    check(Number.isInteger(d.targetCpuUtilization) && d.targetCpuUtilization >= 10 && d.targetCpuUtilization <= 100, 'targetCpuUtilization', d.targetCpuUtilization, 'a whole percentage between 10 and 100');
  }
  for (const caller of d.callers ?? []) {
    check(DNS_LABEL.test(caller) && caller !== d.name, 'callers', caller, 'names of other apps');
  }
  check(new Set(d.callers).size === (d.callers ?? []).length, 'callers', d.callers, 'a list without duplicates');
  for (const name of Object.keys(d.config ?? {})) {
    check(ENV_NAME.test(name), `config.${name}`, name, 'an environment variable name (A-Z, 0-9, _)');
    check(!SECRET_LIKE.test(name), `config.${name}`, name, 'a non-secret setting; deliver credentials through `secrets` (an ExternalSecret), never as literals');
  }
  for (const secret of d.secrets ?? []) {
    check(ENV_NAME.test(secret.env), 'secrets[].env', secret.env, 'an environment variable name (A-Z, 0-9, _)');
    check(!(secret.env in (d.config ?? {})), 'secrets[].env', secret.env, 'a name not also set in config');
    check(/^[a-z0-9]([-a-z0-9_/]*[a-z0-9])?$/.test(secret.remoteKey), 'secrets[].remoteKey', secret.remoteKey, 'a store path such as apps/api/database');
    // The app's Vault policy grants exactly <prefix>/apps/<name>/ (charts/lib/vault-access.ts).
    check(secret.remoteKey.startsWith(`${appKeyRoot(d.name)}/`), 'secrets[].remoteKey', secret.remoteKey, `a path below ${appKeyRoot(d.name)}/, the only part of Vault the app may read, such as ${appKeyRoot(d.name)}/database`);
    check(secret.property.length > 0, 'secrets[].property', secret.property, 'a property name such as url');
  }
  const envNames = (d.secrets ?? []).map((s) => s.env);
  check(new Set(envNames).size === envNames.length, 'secrets', envNames, 'each env name once');
  if (d.database) problems.push(...backupProblems(d.database));
  if (d.serviceAccountToken) check(d.serviceAccountToken.reason.trim().length > 0, 'serviceAccountToken.reason', d.serviceAccountToken.reason, 'a non-empty reason');
  return problems;
}

function isUnprivilegedPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1024 && port <= 65535;
}
