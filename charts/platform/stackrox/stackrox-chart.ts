import type { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { Central, CentralSpecCentralResourcesLimits, CentralSpecCentralResourcesRequests } from '../../../imports/stackrox-central-platform.stackrox.io';
import {
  SecuredCluster,
  SecuredClusterSpecAdmissionControlEnforcement,
  SecuredClusterSpecPerNodeCollectorCollection,
  SecuredClusterSpecPerNodeTaintToleration,
} from '../../../imports/stackrox-securedcluster-platform.stackrox.io';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import type { StackroxConfig } from '../../../src/config/platform/stackrox';
import { containerResources } from '../../lib/container-resources';
import type { Resources } from '../../../src/config/platform/quantities';
import { DistChart } from '../../lib/dist-chart';
import { ExternalSecret } from '../../lib/external-secret';
import { PLATFORM_CRITICAL_PRIORITY_CLASS } from '../../lib/platform-names';
import { PlatformNamespace } from '../../lib/platform-namespace';
import { platformSecretScope, type SecretScope } from '../../lib/secret-scope';
import { afterHelmCrds } from '../../lib/sync-options';
import { inSyncWave } from '../../lib/sync-wave';
import { HELM_CHARTS } from '../../lib/versions';
import { SiemNotifierSecret } from './siem-notifier';
import { stackroxOperatorFacts } from './stackrox-operator-facts';
import { stackroxOperatorValues, type StackroxOperatorValues } from './stackrox-operator-values';
import { stackroxNetworkAllows, stackroxOperatorNetworkAllows } from './stackrox-network';

/** Namespace of the operator (restricted) and of the StackRox services (privileged for Collector). */
export const STACKROX_OPERATOR_NAMESPACE = 'stackrox-operator';
export const STACKROX_NAMESPACE = 'stackrox';

export interface StackroxChartProps {
  readonly environment: EnvironmentConfig;
}

/**
 * StackRox through its operator (the stackrox-operator chart; the central-services and
 * secured-cluster-services charts are deprecated upstream): a SecuredCluster in every
 * environment, Central where the overlay says it is hosted, with its SIEM notifier.
 * The operator runs restricted in its own namespace; Collector needs a privileged one.
 */
export class StackroxChart extends DistChart {
  readonly values: StackroxOperatorValues;
  private readonly secretScope: SecretScope;

  constructor(scope: Construct, props: StackroxChartProps) {
    const { environment } = props;
    const config = environment.platform.stackrox;
    const values = stackroxOperatorValues(PLATFORM_CRITICAL_PRIORITY_CLASS);
    super(scope, 'stackrox', {
      layer: 'platform',
      namespace: STACKROX_OPERATOR_NAMESPACE,
      helm: { chart: HELM_CHARTS.stackroxOperator, releaseName: 'stackrox-operator', values, facts: stackroxOperatorFacts(values) },
    });
    this.values = values;
    this.secretScope = platformSecretScope(environment.platform.externalSecrets);

    const enforceVersion = environment.platform.tenancy.podSecurityVersion;
    const { apiServerCidrs } = environment.platform.network;
    new PlatformNamespace(this, 'namespace-operator', { name: STACKROX_OPERATOR_NAMESPACE, enforceVersion, allows: stackroxOperatorNetworkAllows(apiServerCidrs) });
    new PlatformNamespace(this, 'namespace', {
      name: STACKROX_NAMESPACE,
      podSecurity: 'privileged',
      enforceVersion,
      allows: stackroxNetworkAllows(config, STACKROX_NAMESPACE, apiServerCidrs),
      reason: 'StackRox Collector runs privileged with host PID/network access to observe process and network activity on every node (eBPF)',
    });

    // Cluster registration secret (CRS): issued by Central (`roxctl central crs generate`) and
    // stored in Vault; Sensor uses it once to obtain its own certificates.
    const registration = new ExternalSecret(this, 'cluster-registration-secret', {
      name: 'cluster-registration-secret',
      namespace: STACKROX_NAMESPACE,
      scope: this.secretScope,
      data: [{ secretKey: 'crs', remoteKey: `platform/stackrox/${config.clusterName}/crs`, property: 'crs' }],
    });
    inSyncWave(registration, -1);

    if (config.central) this.addCentral(config.central);
    this.addSecuredCluster(config, environment.name);
  }

  private addCentral(central: NonNullable<StackroxConfig['central']>): void {
    const adminSecret = new ExternalSecret(this, 'central-admin', {
      name: 'central-admin-password',
      namespace: STACKROX_NAMESPACE,
      scope: this.secretScope,
      data: [{ secretKey: 'password', remoteKey: 'platform/stackrox/central-admin', property: 'password' }],
    });
    const siemSecretName = 'central-declarative-siem';
    const siem = new SiemNotifierSecret(this, 'siem-notifier', { siem: central.siem, namespace: STACKROX_NAMESPACE, secretName: siemSecretName, secretScope: this.secretScope });
    inSyncWave(adminSecret, -1);
    inSyncWave(siem, -1);

    const resource = new Central(this, 'central', {
      metadata: { name: 'stackrox-central-services', namespace: STACKROX_NAMESPACE },
      spec: {
        central: {
          // Never an operator-generated password: the Secret comes from Vault.
          adminPasswordSecret: { name: 'central-admin-password' },
          exposure: { loadBalancer: { enabled: central.exposure === 'loadBalancer', port: 443 } },
          db: { persistence: { persistentVolumeClaim: { claimName: 'central-db', size: central.dbStorageSize } } },
          resources: centralResources(central.resources),
          declarativeConfiguration: { secrets: [{ name: siemSecretName }] },
          // No usage data leaves a production security system.
          telemetry: { enabled: false },
        },
      },
    });
    this.afterOperator(resource);
  }

  private addSecuredCluster(config: StackroxConfig, environmentName: string): void {
    const resource = new SecuredCluster(this, 'secured-cluster', {
      metadata: { name: 'stackrox-secured-cluster-services', namespace: STACKROX_NAMESPACE },
      spec: {
        clusterName: config.clusterName,
        centralEndpoint: config.centralEndpoint,
        clusterLabels: { environment: environmentName },
        admissionControl: { enforcement: SecuredClusterSpecAdmissionControlEnforcement.ENABLED },
        // Collector on every node, including tainted ones (ingress, TEE): unobserved nodes are blind spots.
        perNode: { collector: { collection: SecuredClusterSpecPerNodeCollectorCollection.CORE_UNDERSCORE_BPF }, taintToleration: SecuredClusterSpecPerNodeTaintToleration.TOLERATE_TAINTS },
      },
    });
    this.afterOperator(resource);
  }

  /** The CRDs come with this Application's operator chart. */
  private afterOperator(resource: ApiObject): void {
    afterHelmCrds(resource);
  }
}

/** containerResources() in the Central CRD's typed quantity form. */
function centralResources(resources: Resources) {
  const { requests, limits } = containerResources(resources);
  return {
    requests: { cpu: CentralSpecCentralResourcesRequests.fromString(requests.cpu), memory: CentralSpecCentralResourcesRequests.fromString(requests.memory) },
    limits: { memory: CentralSpecCentralResourcesLimits.fromString(limits.memory) },
  };
}
