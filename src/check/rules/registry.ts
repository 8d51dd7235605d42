import { argocdCrdSyncOrder, argocdPathExists, argocdSingleOwner } from './argocd';
import { chartFactsMatch, chartFactsVersion, chartImageDigest } from './chart-facts';
import { scrapePortAdmitted, webhookPortAdmitted } from './chart-network';
import { chartPodSecurity } from './chart-pod-security';
import { crdApplySize } from './crd-apply-size';
import { containerProbes } from './container-probes';
import { containerResources } from './container-resources';
import { danglingHpa, danglingIngress, danglingNetworkPolicy, danglingPdb, danglingService, danglingServiceMonitor } from './dangling-references';
import { noDefaultNamespace } from './default-namespace';
import { pdbAllowsDisruption, pdbRequired } from './disruption-budget';
import { exemptionRules } from './exemptions';
import { externalSecretStore } from './external-secret-store';
import { imageDigest, imageRegistry } from './images';
import { ingressNginxRetired } from './ingress-controller';
import { ingressTls } from './ingress-tls';
import { networkPolicyCoverage, networkPolicyDefaultDeny } from './network-policy';
import { podSecurityLabels, podSecurityLevel, podSecurityPrivilegedNamespaces, podSecurityVersionPinned } from './pod-security';
import { rbacNoClusterAdmin, rbacNoWildcards, rbacProdHumansView } from './rbac';
import { hpaOwnsReplicas, minReplicas } from './replicas';
import type { AnyRule } from './rule';
import { secretKeyPerEnvironment } from './secret-key-per-environment';
import { hubNamesUnique, hubShardCapacity } from './hub-applications';
import { noSecretLiterals, noSecretValues } from './secrets';
import { restoreOperatorApplied } from './restore-operator-applied';
import { serviceType } from './service-type';
import { teePlacement } from './tee-placement';
import { teeSecretsThroughBroker } from './tee-secrets-through-broker';
import { topologySpread } from './topology-spread';

/** The production-readiness rules, in report order. Add a rule: one file in this folder, one line here, tests. */
const READINESS_RULES: readonly AnyRule[] = [
  imageDigest,
  imageRegistry,
  containerResources,
  containerProbes,
  minReplicas,
  hpaOwnsReplicas,
  pdbRequired,
  pdbAllowsDisruption,
  topologySpread,
  networkPolicyCoverage,
  networkPolicyDefaultDeny,
  podSecurityLevel,
  podSecurityLabels,
  podSecurityVersionPinned,
  podSecurityPrivilegedNamespaces,
  serviceType,
  ingressTls,
  ingressNginxRetired,
  noSecretValues,
  noSecretLiterals,
  externalSecretStore,
  secretKeyPerEnvironment,
  hubNamesUnique,
  hubShardCapacity,
  rbacNoClusterAdmin,
  rbacNoWildcards,
  rbacProdHumansView,
  noDefaultNamespace,
  danglingService,
  danglingIngress,
  danglingHpa,
  danglingPdb,
  danglingNetworkPolicy,
  danglingServiceMonitor,
  argocdSingleOwner,
  argocdPathExists,
  argocdCrdSyncOrder,
  restoreOperatorApplied,
  crdApplySize,
  scrapePortAdmitted,
  webhookPortAdmitted,
  chartPodSecurity,
  chartImageDigest,
  chartFactsVersion,
  chartFactsMatch,
  teePlacement,
  teeSecretsThroughBroker,
];

/** Ids an exemption annotation may name. */
export const EXEMPTIBLE_RULE_IDS: ReadonlySet<string> = new Set(READINESS_RULES.filter((rule) => rule.exemptible !== false).map((rule) => rule.id));

/** Every rule the check runs: the readiness rules plus the rules about exemptions. */
export const RULES: readonly AnyRule[] = [...READINESS_RULES, ...exemptionRules(EXEMPTIBLE_RULE_IDS)];

const ids = RULES.map((rule) => rule.id);
const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
if (duplicate !== undefined) throw new Error(`two rules share the id '${duplicate}'`);

export function ruleById(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
