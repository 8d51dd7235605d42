import { describe, expect, it } from 'vitest';
import { POD_SECURITY_REASON_ANNOTATION } from '../../charts/lib/platform-namespace';
import type { KubeObject } from '../../src/render/rendered-object';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import { renderFixtureVariant } from '../support/fixture-repository';
import { renderRepository } from '../support/repo';
import { applicationOf, at, componentObject, componentObjects, environmentConfig, findKey, helmSourceOf, productionEnvironment } from '../support/platform';

interface Rule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: { readonly severity: string };
}
type PrometheusRuleObject = KubeObject & { spec: { groups: Array<{ name: string; rules: Rule[] }> } };
type Values = {
  prometheus: { prometheusSpec: { retention: string; replicas: number } };
  grafana: { admin: { existingSecret: string; userKey: string; passwordKey: string }; additionalDataSources: Array<{ type: string; url: string; uid: string }> };
  'prometheus-node-exporter': { namespaceOverride: string };
};

const environments = await renderRepository();

describe.each(environments.map((env) => [env.environment, env] as const))('monitoring in %s', (name, env) => {
  const app = applicationOf(env, 'monitoring');
  const helm = helmSourceOf(app);
  const values = helm.helm.valuesObject as unknown as Values;
  const rules = componentObject<PrometheusRuleObject>(env, 'monitoring', 'PrometheusRule', 'platform-capacity').spec.groups.flatMap((g) => g.rules);
  const rule = (alert: string, schedule?: string) => {
    const found = rules.filter((r) => r.alert === alert && (schedule === undefined || r.expr.includes(`schedule="${schedule}"`)));
    expect(found, `${alert} ${schedule ?? ''}`).toHaveLength(1);
    return found[0]!;
  };

  it('installs kube-prometheus-stack 88.5.3 with ServerSideApply=true (its CRDs exceed the client-side apply limit)', () => {
    expect(helm.chart).toBe('kube-prometheus-stack');
    expect(helm.targetRevision).toBe('88.5.3');
    expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(app.spec.destination.namespace).toBe('monitoring');
  });

  it('keeps metrics for the overlay retention, within the 7-15 day policy (production always), below it only with a written reason', () => {
    const overlay = environmentConfig(name).platform.monitoring.prometheus;
    expect(values.prometheus.prometheusSpec.retention).toBe(`${overlay.retentionDays}d`);
    const days = Number.parseInt(values.prometheus.prometheusSpec.retention, 10);
    expect(days).toBeLessThanOrEqual(15);
    if (name === productionEnvironment() || overlay.shortRetentionReason === undefined) expect(days).toBeGreaterThanOrEqual(7);
  });

  it('takes the Grafana admin from an existing Secret that an ExternalSecret writes, never a password in values', () => {
    const { existingSecret, userKey, passwordKey } = values.grafana.admin;
    const externalSecret = componentObject<KubeObject & { spec: { target: { name: string }; data: Array<{ secretKey: string }> } }>(env, 'monitoring', 'ExternalSecret', existingSecret);
    expect(externalSecret.spec.target.name).toBe(existingSecret);
    expect(externalSecret.spec.data.map((d) => d.secretKey).sort()).toEqual([passwordKey, userKey].sort());
    expect(findKey(helm.helm.valuesObject, 'adminPassword')).toEqual([]);
    // A password in the values is only ever a reference to a key of a Secret an ExternalSecret writes.
    for (const [path, password] of findKey(helm.helm.valuesObject, 'password')) {
      expect(password, path).toEqual({ name: expect.any(String), key: expect.any(String) });
      const { name, key } = password as { name: string; key: string };
      const fed = componentObject<KubeObject & { spec: { data: Array<{ secretKey: string }> } }>(env, 'monitoring', 'ExternalSecret', name);
      expect(fed.spec.data.map((d) => d.secretKey), path).toContain(key);
    }
  });

  it('sets a memory limit equal to the request and a CPU request on every component it sizes', () => {
    // (the PVC template's storage request is a `resources` too, but not a container's)
    const resources = findKey(helm.helm.valuesObject, 'resources').filter(([path]) => !path.includes('storageSpec')).map(([, r]) => r as { requests: { cpu: string; memory: string }; limits: { memory: string } });
    expect(resources.length).toBeGreaterThanOrEqual(6);
    for (const r of resources) {
      expect(r.requests.cpu).toMatch(/^\d/);
      expect(r.limits.memory).toBe(r.requests.memory);
    }
  });

  it('alerts on node CPU and memory above 70% sustained for 15m', () => {
    expect(rule('NodeCpuUtilisationHigh')).toMatchObject({ for: '15m', expr: expect.stringMatching(/node_cpu_seconds_total\{mode="idle"\}.*> 70$/) });
    expect(rule('NodeMemoryUtilisationHigh')).toMatchObject({ for: '15m', expr: expect.stringMatching(/node_memory_MemAvailable_bytes \/ node_memory_MemTotal_bytes.*> 70$/) });
  });

  it('alerts on volumes predicted full within 24h from 6h of history, and on volumes above 85%', () => {
    expect(rule('PersistentVolumeFillingUp').expr).toBe('predict_linear(kubelet_volume_stats_available_bytes[6h], 86400) < 0');
    expect(rule('PersistentVolumeAlmostFull').expr).toMatch(/kubelet_volume_stats_used_bytes \/ kubelet_volume_stats_capacity_bytes \* 100 > 85$/);
  });

  it('alerts on certificates expiring within 14 days from cert-manager metrics', () => {
    expect(rule('CertificateExpiringSoon').expr).toBe(`certmanager_certificate_expiration_timestamp_seconds - time() < ${14 * 86400}`);
  });

  it('alerts on failed backups and on schedules without a success within their window', () => {
    expect(rule('VeleroBackupFailed').expr).toContain('increase(velero_backup_failure_total[1h]) > 0');
    expect(rule('VeleroBackupMissing', 'daily-full').expr).toBe(`time() - velero_backup_last_successful_timestamp{schedule="daily-full"} > ${26 * 3600}`);
    expect(rule('VeleroBackupMissing', 'critical-6h').expr).toBe(`time() - velero_backup_last_successful_timestamp{schedule="critical-6h"} > ${8 * 3600}`);
    expect(rule('VeleroBackupNeverSucceeded', 'daily-full')).toMatchObject({ for: '26h', expr: 'absent(velero_backup_last_successful_timestamp{schedule="daily-full"})' });
  });

  it('syncs the PrometheusRule after the chart installs its CRD', () => {
    const annotations = componentObject(env, 'monitoring', 'PrometheusRule', 'platform-capacity').metadata.annotations ?? {};
    expect(annotations['argocd.argoproj.io/sync-wave']).toBe('1');
    expect(annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
  });

  it('provisions the platform overview dashboard as a labelled ConfigMap of valid dashboard JSON', () => {
    const configMap = componentObject<KubeObject & { data: Record<string, string> }>(env, 'monitoring', 'ConfigMap', 'grafana-dashboard-platform-overview');
    expect(configMap.metadata.labels).toEqual({ grafana_dashboard: '1' });
    const dashboard = JSON.parse(configMap.data['platform-overview.json']!) as { uid: string; panels: Array<{ id: number; gridPos: { x: number; w: number }; targets: Array<{ expr: string }> }> };
    expect(dashboard.uid).toBe('platform-overview');
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const panel of dashboard.panels) expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const metric of ['node_cpu_seconds_total', 'kubelet_volume_stats_used_bytes', 'certmanager_certificate_expiration_timestamp_seconds', 'velero_backup_last_successful_timestamp']) {
      expect(exprs).toContain(metric);
    }
  });

  it('wires Loki into Grafana as a datasource through the Loki gateway', () => {
    expect(values.grafana.additionalDataSources).toEqual([expect.objectContaining({ type: 'loki', uid: 'loki', url: 'http://loki-gateway.logging.svc.cluster.local' })]);
  });

  it('keeps monitoring restricted and runs node-exporter in its own privileged namespace, with the reason', () => {
    const namespaces = componentObjects(env, 'monitoring').filter((o) => o.kind === 'Namespace');
    const level = (n: string) => namespaces.find((o) => o.metadata.name === n)?.metadata.labels?.['pod-security.kubernetes.io/enforce'];
    expect(level('monitoring')).toBe('restricted');
    expect(level('node-exporter')).toBe('privileged');
    expect(values['prometheus-node-exporter'].namespaceOverride).toBe('node-exporter');
    expect(namespaces.find((o) => o.metadata.name === 'node-exporter')?.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION]).toMatch(/hostNetwork, hostPID/);
  });
});

describe('monitoring follows who runs the control plane (monitoring.controlPlane)', () => {
  const CONTROL_PLANE_COMPONENTS = ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy'];
  const CONTROL_PLANE_RULE_GROUPS = ['etcd', 'kubeControllerManager', 'kubeProxy', 'kubeSchedulerAlerting', 'kubeSchedulerRecording'];
  const CONTROL_PLANE_PORTS = [2381, 10249, 10257, 10259];
  const byNumber = (a: number, b: number) => a - b;
  const render = (controlPlane: 'managed' | 'self-hosted') => renderFixtureVariant('qa', (platform) => void (platform.monitoring.controlPlane = controlPlane));
  const valuesOf = (env: RenderedEnvironment) => helmSourceOf(applicationOf(env, 'monitoring')).helm.valuesObject as Record<string, unknown>;
  const nodeScrapePorts = (env: RenderedEnvironment) => {
    const policy = componentObjects<KubeObject & { spec: { egress: Array<{ ports: Array<{ port: number }> }> } }>(env, 'monitoring').find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-scrape-nodes')!;
    return [...new Set(policy.spec.egress.flatMap((rule) => rule.ports.map((p) => p.port)))];
  };
  const kubeSystemScrapes = (env: RenderedEnvironment) => env.charts.find((c) => c.application === 'monitoring')!.facts.scrapes.filter((s) => s.namespace === 'kube-system').map((s) => s.port);
  const managed = render('managed');
  const selfHosted = render('self-hosted');

  it('every environment of this repository declares a managed control plane (EKS)', () => {
    for (const env of environments) for (const component of CONTROL_PLANE_COMPONENTS) expect(at(valuesOf(env), `${component}.enabled`), `${env.name} ${component}`).toBe(false);
  });

  it('managed: neither scrapes nor alerts on the controller-manager, scheduler, etcd and kube-proxy', () => {
    const values = valuesOf(managed);
    for (const component of CONTROL_PLANE_COMPONENTS) expect(at(values, `${component}.enabled`), component).toBe(false);
    for (const group of CONTROL_PLANE_RULE_GROUPS) expect(at(values, `defaultRules.rules.${group}`), group).toBe(false);
    expect(nodeScrapePorts(managed).sort(byNumber)).toEqual([9100, 10250]);
    expect(kubeSystemScrapes(managed)).toEqual([9153]);
  });

  it('self-hosted: scrapes and alerts on all four, and monitoring may reach their node ports', () => {
    const values = valuesOf(selfHosted);
    for (const component of CONTROL_PLANE_COMPONENTS) expect(at(values, `${component}.enabled`), component).toBe(true);
    for (const group of CONTROL_PLANE_RULE_GROUPS) expect(at(values, `defaultRules.rules.${group}`), group).toBe(true);
    expect(nodeScrapePorts(selfHosted).sort(byNumber)).toEqual([9100, 10250, ...CONTROL_PLANE_PORTS].sort(byNumber));
    expect(kubeSystemScrapes(selfHosted).sort(byNumber)).toEqual([9153, ...CONTROL_PLANE_PORTS].sort(byNumber));
  });
});
