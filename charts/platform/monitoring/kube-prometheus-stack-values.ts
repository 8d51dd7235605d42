import type { MonitoringConfig, RemoteWriteConfig } from '../../../src/config/platform/monitoring';
import { containerResources, type ContainerResources } from '../../lib/container-resources';
import type { FleetLabels } from '../../lib/fleet-labels';
import { LOKI_GATEWAY_URL } from '../../lib/platform-names';
import { LOKI_DATASOURCE } from './platform-overview-dashboard';

/**
 * The kube-prometheus-stack 88.5.3 values this project sets: exactly these keys, from the chart's
 * values.yaml (and, for the `grafana`, `prometheus-node-exporter` and `kube-state-metrics`
 * subcharts, from their values: test/platform/helm-values.test.ts checks every key).
 */
export interface KubePrometheusStackValues {
  /** Off: the prometheus-crds component installs the CRDs in an earlier wave, for every chart's ServiceMonitors. */
  readonly crds: { readonly enabled: boolean };
  /** The default alert/recording rule groups of the control-plane components, off with them. */
  readonly defaultRules: { readonly rules: ControlPlaneRuleGroups };
  /** Control-plane scrape targets (Service + ServiceMonitor in kube-system); off on a managed control plane. */
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
  readonly alertmanager: {
    readonly config: AlertmanagerConfig;
    readonly alertmanagerSpec: {
      readonly replicas: number;
      readonly resources: ContainerResources;
      readonly priorityClassName: string;
      /** Secrets mounted at /etc/alertmanager/secrets/<name>/. */
      readonly secrets: readonly string[];
    };
  };
  readonly grafana: {
    readonly admin: { readonly existingSecret: string; readonly userKey: string; readonly passwordKey: string };
    readonly resources: ContainerResources;
    readonly additionalDataSources: readonly GrafanaDataSource[];
  };
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      readonly replicas: number;
      readonly resources: ContainerResources;
      readonly priorityClassName: string;
      readonly storageSpec: {
        readonly volumeClaimTemplate: {
          readonly spec: { readonly accessModes: readonly ['ReadWriteOnce']; readonly resources: { readonly requests: { readonly storage: string } } };
        };
      };
      /** false: select rules/monitors in every namespace, not only those labelled with this release. */
      readonly ruleSelectorNilUsesHelmValues: false;
      readonly serviceMonitorSelectorNilUsesHelmValues: false;
      readonly podMonitorSelectorNilUsesHelmValues: false;
      readonly probeSelectorNilUsesHelmValues: false;
      /** Labels on every series and alert this Prometheus sends out (remote write, Alertmanager). */
      readonly externalLabels: FleetLabels;
      /** The fleet's central store, when the overlay names one. */
      readonly remoteWrite?: readonly RemoteWriteEndpoint[];
    };
  };
  readonly prometheusOperator: { readonly resources: ContainerResources };
  readonly 'kube-state-metrics': { readonly resources: ContainerResources };
  readonly 'prometheus-node-exporter': { readonly namespaceOverride: string; readonly resources: ContainerResources; readonly priorityClassName: string };
}

/** A Secret key, as prometheus-operator's SecretKeySelector (the Secret is in Prometheus' namespace). */
interface SecretKeySelector {
  readonly name: string;
  readonly key: string;
}

/** One prometheus-operator RemoteWriteSpec (monitoring.coreos.com/v1 Prometheus spec.remoteWrite[]), the fields this project sets. */
export interface RemoteWriteEndpoint {
  /** Shown as remote_name on Prometheus' prometheus_remote_storage_* metrics. */
  readonly name: string;
  readonly url: string;
  readonly basicAuth?: { readonly username: SecretKeySelector; readonly password: SecretKeySelector };
  readonly authorization?: { readonly type: 'Bearer'; readonly credentials: SecretKeySelector };
}

/** defaultRules.rules groups that only make sense where the control plane can be scraped. */
export interface ControlPlaneRuleGroups {
  readonly etcd: boolean;
  readonly kubeControllerManager: boolean;
  readonly kubeProxy: boolean;
  readonly kubeSchedulerAlerting: boolean;
  readonly kubeSchedulerRecording: boolean;
}

export interface AlertmanagerConfig {
  readonly route: AlertmanagerRoute;
  readonly receivers: ReadonlyArray<{ readonly name: string; readonly webhook_configs?: ReadonlyArray<{ readonly url_file: string; readonly send_resolved: boolean }> }>;
}

interface AlertmanagerRoute {
  readonly receiver: string;
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly matchers?: readonly string[];
  readonly routes?: readonly AlertmanagerRoute[];
}

interface GrafanaDataSource {
  readonly name: string;
  readonly type: 'loki';
  readonly uid: string;
  readonly access: 'proxy';
  readonly url: string;
  readonly isDefault: false;
  readonly editable: false;
  readonly jsonData: { readonly maxLines: number };
}

export interface KubePrometheusStackValuesProps {
  readonly config: MonitoringConfig;
  /** Namespace node-exporter runs in (privileged, apart from the rest of monitoring). */
  readonly nodeExporterNamespace: string;
  /** Secret (fed by an ExternalSecret) holding Grafana's admin user and password. */
  readonly grafanaAdminSecret: { readonly name: string; readonly userKey: string; readonly passwordKey: string };
  /** Secret (fed by an ExternalSecret) whose `url` key is the on-call webhook. */
  readonly oncallWebhookSecret: { readonly name: string; readonly urlKey: string };
  /** PriorityClass of Prometheus, Alertmanager and node-exporter. */
  readonly priorityClassName: string;
  /** External labels naming this cluster in the fleet. */
  readonly fleetLabels: FleetLabels;
  /**
   * The Secret (fed by an ExternalSecret) holding the remote-write credentials, keys as named.
   * @default - remoteWrite without credentials, or none configured
   */
  readonly remoteWriteSecret?: RemoteWriteSecret;
}

/** Where the remote-write credentials land: the Secret and its keys (which keys exist follows the overlay's auth kind). */
export interface RemoteWriteSecret {
  readonly name: string;
  readonly usernameKey: string;
  readonly passwordKey: string;
  readonly tokenKey: string;
}

/** The remote_name of the fleet store's queue (prometheus_remote_storage_* metrics, alerts). */
export const FLEET_REMOTE_WRITE_NAME = 'fleet';

/** Components' own resources; identical in every environment (their load does not scale with it). */
const OPERATOR_RESOURCES = containerResources({ cpu: '50m', memory: '256Mi' });
const KUBE_STATE_METRICS_RESOURCES = containerResources({ cpu: '50m', memory: '256Mi' });
const NODE_EXPORTER_RESOURCES = containerResources({ cpu: '20m', memory: '64Mi' });

export function kubePrometheusStackValues(props: KubePrometheusStackValuesProps): KubePrometheusStackValues {
  const { config } = props;
  // A managed control plane (EKS/AKS/GKE) exposes none of these to the cluster's Prometheus:
  // scraping them fails and their absence alerts (KubeSchedulerDown, ...) would fire forever.
  const scrapeControlPlane = config.controlPlane === 'self-hosted';
  return {
    crds: { enabled: false },
    defaultRules: {
      rules: {
        etcd: scrapeControlPlane,
        kubeControllerManager: scrapeControlPlane,
        kubeProxy: scrapeControlPlane,
        kubeSchedulerAlerting: scrapeControlPlane,
        kubeSchedulerRecording: scrapeControlPlane,
      },
    },
    kubeControllerManager: { enabled: scrapeControlPlane },
    kubeScheduler: { enabled: scrapeControlPlane },
    kubeEtcd: { enabled: scrapeControlPlane },
    kubeProxy: { enabled: scrapeControlPlane },
    alertmanager: {
      config: alertmanagerConfig(props.oncallWebhookSecret),
      alertmanagerSpec: {
        replicas: config.alertmanager.replicas,
        resources: containerResources(config.alertmanager.resources),
        priorityClassName: props.priorityClassName,
        secrets: [props.oncallWebhookSecret.name],
      },
    },
    grafana: {
      // Never a chart-generated password: it would differ on every render (permanent Argo CD diff).
      admin: { existingSecret: props.grafanaAdminSecret.name, userKey: props.grafanaAdminSecret.userKey, passwordKey: props.grafanaAdminSecret.passwordKey },
      resources: containerResources(config.grafana.resources),
      additionalDataSources: [
        { name: 'Loki', type: 'loki', uid: LOKI_DATASOURCE.uid, access: 'proxy', url: LOKI_GATEWAY_URL, isDefault: false, editable: false, jsonData: { maxLines: 1000 } },
      ],
    },
    prometheus: {
      prometheusSpec: {
        retention: `${config.prometheus.retentionDays}d`,
        replicas: config.prometheus.replicas,
        resources: containerResources(config.prometheus.resources),
        priorityClassName: props.priorityClassName,
        storageSpec: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: config.prometheus.storageSize } } } } },
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        externalLabels: props.fleetLabels,
        ...(config.remoteWrite ? { remoteWrite: [remoteWriteEndpoint(config.remoteWrite, props.remoteWriteSecret)] } : {}),
      },
    },
    prometheusOperator: { resources: OPERATOR_RESOURCES },
    'kube-state-metrics': { resources: KUBE_STATE_METRICS_RESOURCES },
    'prometheus-node-exporter': { namespaceOverride: props.nodeExporterNamespace, resources: NODE_EXPORTER_RESOURCES, priorityClassName: props.priorityClassName },
  };
}

/**
 * Every alert goes to the on-call webhook, whose URL is read from a mounted Secret file
 * (url_file), so the URL (often carrying a token) never appears in Git or in the chart's Secret.
 * Watchdog and InfoInhibitor are plumbing, routed to nowhere as upstream does.
 */
function alertmanagerConfig(webhook: KubePrometheusStackValuesProps['oncallWebhookSecret']): AlertmanagerConfig {
  return {
    route: {
      receiver: 'platform-oncall',
      // cluster first: every alert carries Prometheus' external labels, and one notification must
      // never mix clusters once several send to the same receiver.
      group_by: ['cluster', 'namespace', 'alertname'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        { receiver: 'null', matchers: ['alertname = "Watchdog"'] },
        { receiver: 'null', matchers: ['alertname = "InfoInhibitor"'] },
      ],
    },
    receivers: [
      { name: 'null' },
      { name: 'platform-oncall', webhook_configs: [{ url_file: `/etc/alertmanager/secrets/${webhook.name}/${webhook.urlKey}`, send_resolved: true }] },
    ],
  };
}

/**
 * The fleet store's endpoint. Queue settings stay Prometheus' defaults (they adapt the number of
 * shards to the backlog); a knob is worth adding once a measured cluster needs one.
 */
function remoteWriteEndpoint(config: RemoteWriteConfig, secret: RemoteWriteSecret | undefined): RemoteWriteEndpoint {
  const base = { name: FLEET_REMOTE_WRITE_NAME, url: config.url };
  if (config.basicAuth) {
    if (!secret) throw new Error('kube-prometheus-stack values: monitoring.remoteWrite.basicAuth needs the remote-write Secret');
    return { ...base, basicAuth: { username: { name: secret.name, key: secret.usernameKey }, password: { name: secret.name, key: secret.passwordKey } } };
  }
  if (config.bearerToken) {
    if (!secret) throw new Error('kube-prometheus-stack values: monitoring.remoteWrite.bearerToken needs the remote-write Secret');
    return { ...base, authorization: { type: 'Bearer', credentials: { name: secret.name, key: secret.tokenKey } } };
  }
  return base;
}
