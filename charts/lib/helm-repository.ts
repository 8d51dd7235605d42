import type { HelmChartRef } from './versions';

/**
 * How Argo CD tells the two kinds of Helm repository apart (util/helm/client.go IsHelmOciRepo): a
 * repoURL without a scheme (ghcr.io/org/charts) is an OCI registry path, pulled as
 * oci://<repoURL>/<chart>; one with https:// is a chart repository with an index.yaml. An
 * oci:// repoURL is neither: Argo CD 3.1+ takes it for an OCI *artifact* source and never reads
 * the `chart` field (reposerver/repository/repository.go tests IsOCI() before IsHelm()).
 */
export function isOciRegistry(repoURL: string): boolean {
  return repoURL !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(repoURL);
}

/** The reference `helm pull` takes for a chart in an OCI registry: oci://<registry path>/<chart>. */
export function ociChartReference(ref: HelmChartRef): string {
  return `oci://${ref.repoURL.replace(/\/+$/, '')}/${ref.chart}`;
}

/** Why a chart's repoURL is not a Helm source Argo CD renders with `chart`, or undefined. */
export function helmRepositoryProblem(repoURL: string): string | undefined {
  if (/^oci:\/\//i.test(repoURL)) {
    return `repoURL ${repoURL} with a chart: Argo CD takes an oci:// repoURL for an OCI artifact source and ignores chart, expected the registry path without the scheme (${repoURL.slice('oci://'.length)})`;
  }
  if (!isOciRegistry(repoURL) && !/^https?:\/\//i.test(repoURL)) return `repoURL ${repoURL}: expected an https:// chart repository or an OCI registry path without a scheme`;
  return undefined;
}
