import type { HelmRenderRequest } from './helm-render-request';

/**
 * The `helm template` arguments Argo CD's repo-server passes (util/helm/cmd.go template(), in its
 * order): release name through --name-template, the namespace and Kubernetes version when known,
 * the valuesObject as the last --values file (none when it is empty), one --api-versions per discovered API version,
 * --include-crds unless skipCrds, and --skip-schema-validation / --skip-tests only when asked.
 * Not --skip-tests by default: Argo CD renders test hooks too (and then treats them as hooks).
 */
export function templateArgs(request: HelmRenderRequest, chartDir: string, valuesFile: string | undefined): string[] {
  const args = ['template', chartDir, '--name-template', request.releaseName];
  if (request.namespace !== undefined) args.push('--namespace', request.namespace);
  if (request.kubeVersion !== '') args.push('--kube-version', request.kubeVersion);
  if (valuesFile !== undefined) args.push('--values', valuesFile);
  for (const apiVersion of request.apiVersions) args.push('--api-versions', apiVersion);
  if (request.includeCrds) args.push('--include-crds');
  if (request.skipSchemaValidation) args.push('--skip-schema-validation');
  if (request.skipTests) args.push('--skip-tests');
  return args;
}
