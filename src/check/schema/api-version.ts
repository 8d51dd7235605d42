/** Group and version of an apiVersion string; the core group ("v1") has the empty group name. */
export interface GroupVersion {
  readonly group: string;
  readonly version: string;
}

export function splitApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function joinApiVersion({ group, version }: GroupVersion): string {
  return group === '' ? version : `${group}/${version}`;
}
