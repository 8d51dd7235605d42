/**
 * Argo CD's own settings that the platform depends on (argocd-cm and argocd-cmd-params-cm),
 * rendered through the argo-cd chart's configs.cm / configs.params.
 */

/**
 * Health of an argoproj.io/Application from its own status (Argo CD operator manual, "Resource
 * Health", section "Argo CD App"). Argo CD dropped the built-in check in 1.8; without it a parent
 * Application sees its children as healthy the moment they exist, so the sync waves between
 * platform components (prometheus-crds before everything that renders ServiceMonitors, External
 * Secrets before cert-manager, ...) would not wait for anything.
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;

/** The argocd-cm key Argo CD reads the Application health check from. */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

/**
 * Webhook caBundles are injected at run time (cert-manager's cainjector, kube-webhook-certgen,
 * Kyverno): Git never has them, so every such webhook would show OutOfSync and selfHeal would
 * fight the injector.
 */
const CA_BUNDLE_IGNORE = "jqPathExpressions:\n  - '.webhooks[]?.clientConfig.caBundle'\n";

/** argocd-cm entries (configs.cm). */
export function argocdCm(): Readonly<Record<string, string>> {
  return {
    [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA,
    'resource.customizations.ignoreDifferences.admissionregistration.k8s.io_MutatingWebhookConfiguration': CA_BUNDLE_IGNORE,
    'resource.customizations.ignoreDifferences.admissionregistration.k8s.io_ValidatingWebhookConfiguration': CA_BUNDLE_IGNORE,
    // The rules of an aggregated ClusterRole (kube-prometheus-stack's, the charts' aggregate-to-*
    // roles) are filled in by the API server's aggregation controller from the aggregationRule.
    'resource.compareoptions': 'ignoreAggregatedRoles: true\n',
  };
}

/** argocd-cmd-params-cm entries (configs.params). */
export function argocdCmdParams(): Readonly<Record<string, string>> {
  return {
    // Diff against a server-side dry run: defaulted fields, webhooks' mutations and the
    // server-side-applied Applications (ServerSideApply=true) diff as the API server sees them.
    'controller.diff.server.side': 'true',
  };
}
