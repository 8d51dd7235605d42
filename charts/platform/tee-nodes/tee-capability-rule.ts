import { Construct } from 'constructs';
import { NodeFeatureRule, NodeFeatureRuleSpecRulesMatchFeaturesMatchExpressionsOp } from '../../../imports/nfd-nodefeaturerule-nfd.k8s-sigs.io';
import type { TeeTechnology } from '../../../src/config/platform/tee-nodes';
import { TEE_CAPABLE_LABEL, teeCapableLabelValue } from '../../lib/confidential-placement';
import { afterHelmCrds } from '../../lib/sync-options';

/**
 * The CPU security attribute node-feature-discovery reports when the host has the technology
 * enabled (NFD `cpu.security` feature: sev.snp.enabled on AMD, tdx.enabled on Intel).
 */
const CPU_SECURITY_ATTRIBUTE: Readonly<Record<TeeTechnology, string>> = {
  'SEV-SNP': 'sev.snp.enabled',
  TDX: 'tdx.enabled',
};

export interface TeeCapabilityRuleProps {
  readonly technology: TeeTechnology;
}

/**
 * A NodeFeatureRule that labels TEE-capable nodes `feature.node.kubernetes.io/tee=<technology>`:
 * confidential pods select it, so a pool node whose firmware has the feature off gets none.
 */
export class TeeCapabilityRule extends Construct {
  constructor(scope: Construct, id: string, props: TeeCapabilityRuleProps) {
    super(scope, id);
    const value = teeCapableLabelValue(props.technology);
    const rule = new NodeFeatureRule(this, 'resource', {
      metadata: { name: `tee-${value}` },
      spec: {
        rules: [
          {
            name: `${props.technology} capable`,
            labels: { [TEE_CAPABLE_LABEL]: value },
            matchFeatures: [{ feature: 'cpu.security', matchExpressions: { [CPU_SECURITY_ATTRIBUTE[props.technology]]: { op: NodeFeatureRuleSpecRulesMatchFeaturesMatchExpressionsOp.IS_TRUE } } }],
          },
        ],
      },
    });
    // The NodeFeatureRule CRD comes with this Application's node-feature-discovery chart.
    afterHelmCrds(rule);
  }
}
