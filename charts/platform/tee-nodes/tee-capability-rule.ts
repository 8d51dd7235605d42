import { Construct } from 'constructs';
import { NodeFeatureRule, NodeFeatureRuleSpecRulesMatchFeaturesMatchExpressionsOp } from '../../../imports/nfd-nodefeaturerule-nfd.k8s-sigs.io';
import type { TeeConfig } from '../../../src/config/platform/tee';
import { afterHelmCrds } from '../../lib/sync-options';
import { TEE_CPU_SECURITY_ATTRIBUTE } from './runtime-handlers';

export interface TeeCapabilityRuleProps {
  readonly tee: TeeConfig;
}

/**
 * A NodeFeatureRule that puts the overlay's `tee.nodeSelector` labels on every node whose CPU
 * reports the technology enabled (NFD `cpu.security`: sev.snp.enabled / tdx.enabled).
 * Confidential pods select those labels, so a node whose firmware has the feature off gets none.
 */
export class TeeCapabilityRule extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: TeeCapabilityRuleProps) {
    super(scope, id);
    const { technology, nodeSelector } = props.tee;
    this.name = `tee-${technology.toLowerCase()}`;
    const rule = new NodeFeatureRule(this, 'resource', {
      metadata: { name: this.name },
      spec: {
        rules: [
          {
            name: `${technology} capable`,
            labels: { ...nodeSelector },
            matchFeatures: [{ feature: 'cpu.security', matchExpressions: { [TEE_CPU_SECURITY_ATTRIBUTE[technology]]: { op: NodeFeatureRuleSpecRulesMatchFeaturesMatchExpressionsOp.IS_TRUE } } }],
          },
        ],
      },
    });
    // The NodeFeatureRule CRD comes with this Application's node-feature-discovery chart.
    afterHelmCrds(rule);
  }
}

/**
 * Label namespaces (the part before '/') of `labels` that NFD does not allow by default and must
 * be told about (nfd-master -extra-label-ns).
 */
export function extraLabelNamespaces(labels: Readonly<Record<string, string>>): string[] {
  const builtIn = new Set(['feature.node.kubernetes.io', 'profile.node.kubernetes.io']);
  const namespaces = Object.keys(labels).flatMap((key) => (key.includes('/') ? [key.slice(0, key.indexOf('/'))] : []));
  return [...new Set(namespaces)].filter((ns) => !builtIn.has(ns)).sort();
}
