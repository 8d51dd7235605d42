import { DIGEST, imageSchema, type ImageRef } from '../../config/overlay-schemas';
import { Refusal } from './command';

const EXPECTED = '<repository>@sha256:<64 lowercase hex>';

/**
 * Parses `<repository>@sha256:<digest>`, the only form an image may take. A tag (including
 * `latest`) or a malformed digest is refused with the reason: tags move, digests do not.
 */
export function parseImageReference(text: string): ImageRef {
  const at = text.indexOf('@');
  const name = at === -1 ? text : text.slice(0, at);
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  if (colon !== -1) {
    const tag = name.slice(colon + 1);
    const what = tag === 'latest' ? '`latest` is a moving tag' : `'${tag}' is a tag`;
    throw new Refusal(`image '${text}': ${what}; images are pinned by digest, expected ${EXPECTED}`);
  }
  if (at === -1) throw new Refusal(`image '${text}' has no digest, expected ${EXPECTED}`);
  const repository = imageSchema.shape.repository.safeParse(name);
  if (!repository.success) throw new Refusal(`image '${text}': repository '${name}' is not valid, expected a registry/path such as registry.example.com/team/web`);
  return { repository: name, digest: parseDigest(text.slice(at + 1)) };
}

/** Parses `sha256:<64 hex>`; a tag or anything malformed is refused. */
export function parseDigest(text: string): string {
  if (DIGEST.test(text)) return text;
  if (/^[\w.-]+$/.test(text)) {
    const what = text === 'latest' ? '`latest` is a moving tag' : `'${text}' looks like a tag`;
    throw new Refusal(`${what}, not a digest; expected sha256:<64 lowercase hex>`);
  }
  throw new Refusal(`malformed digest '${text}', expected sha256: followed by 64 lowercase hex characters`);
}

/** sha256:<first 12 hex>: enough to tell digests apart in tables, branch names and messages. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 'sha256:'.length + 12);
}

export function imageText(image: ImageRef): string {
  return `${image.repository}@${image.digest}`;
}

export function sameImage(a: ImageRef | undefined, b: ImageRef | undefined): boolean {
  return a !== undefined && b !== undefined && a.repository === b.repository && a.digest === b.digest;
}

/** An image may come from a registry host (or host/path prefix) listed in platform.yaml. */
export function isAllowedRegistry(repository: string, allowed: readonly string[]): boolean {
  return allowed.some((registry) => repository.startsWith(`${registry}/`));
}
