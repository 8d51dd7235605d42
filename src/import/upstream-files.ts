import { KUBERNETES_VERSION } from '../check/schema/kubernetes-definitions';
import type { ImportEntry } from './import-entries';

/**
 * The Kubernetes definitions of the targeted version as published by cdk8s-team (the repository
 * has no release tags, so the commit is pinned; it is the one ../shared/upstream/SOURCES.md lists).
 * Bump it together with KUBERNETES_VERSION and cdk8s-plus.
 */
export const KUBERNETES_DEFINITIONS_URL =
  'https://raw.githubusercontent.com/cdk8s-team/cdk8s/71f8cba7ecc809d861e837e842217202d5e5a16c/kubernetes-schemas/v1.28.0/_definitions.json';

/** One upstream file npm run import needs, and why (for messages about it). */
export interface UpstreamFile {
  readonly url: string;
  readonly neededFor: string;
}

/** What to read: the Kubernetes definitions, then each distinct CRD URL once. */
export function upstreamFilesOf(entries: readonly ImportEntry[]): UpstreamFile[] {
  const files: UpstreamFile[] = [{ url: KUBERNETES_DEFINITIONS_URL, neededFor: `the Kubernetes ${KUBERNETES_VERSION} definitions` }];
  for (const entry of entries) {
    if (files.some((file) => file.url === entry.url)) continue;
    files.push({ url: entry.url, neededFor: `import ${entry.name} (${entry.where})` });
  }
  return files;
}

/** "argoproj/argo-cd v3.5.1" for a raw.githubusercontent.com URL; the URL itself otherwise. */
export function describeUpstream(url: string): string {
  const parsed = new URL(url);
  const [owner, repository, ref] = parsed.pathname.split('/').filter((segment) => segment !== '');
  if (parsed.hostname !== 'raw.githubusercontent.com' || ref === undefined) return url;
  return `${owner}/${repository} ${ref}`;
}

/** Reads the text of every file; fails naming each file it could not read and what it is for. */
export type UpstreamReader = (files: readonly UpstreamFile[]) => Promise<Map<string, string>>;

/** The file name a URL ends with. */
export function baseNameOf(url: string): string {
  return new URL(url).pathname.split('/').filter((segment) => segment !== '').at(-1) ?? url;
}
