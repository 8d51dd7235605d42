/** A container image reference split into its parts (docker/distribution reference grammar). */
export interface ImageReference {
  /** Registry host[:port]; docker.io when the reference names none. */
  readonly registry: string;
  /** Repository path below the registry, e.g. library/nginx or storefront/web. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const name = at === -1 ? image : image.slice(0, at);
  const lastColon = name.lastIndexOf(':');
  const hasTag = lastColon > name.lastIndexOf('/');
  const tag = hasTag ? name.slice(lastColon + 1) : undefined;
  const path = hasTag ? name.slice(0, lastColon) : name;
  const slash = path.indexOf('/');
  const first = slash === -1 ? '' : path.slice(0, slash);
  // Like Docker: the first component is a registry only if it looks like a host.
  if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { registry: first, repository: path.slice(slash + 1), tag, digest };
  }
  return { registry: 'docker.io', repository: slash === -1 ? `library/${path}` : path, tag, digest };
}

export function isPinnedByDigest(reference: ImageReference): boolean {
  return reference.digest !== undefined && DIGEST.test(reference.digest);
}

/** Whether registry/repository lies below an allow-list entry (host[:port][/path]). */
export function isFromRegistry(reference: ImageReference, allowed: string): boolean {
  const full = `${reference.registry}/${reference.repository}`;
  const prefix = allowed.replace(/\/+$/, '');
  return full === prefix || full.startsWith(`${prefix}/`);
}
