import { isFromRegistry, isPinnedByDigest, parseImageReference } from '../k8s/image-reference';
import type { Rule } from './rule';

/** Images by digest: what runs is byte-for-byte what was reviewed and promoted. */
export const imageDigest: Rule = {
  id: 'image-digest',
  reason: 'A tag can be moved to other content; only a digest pins what was reviewed and promoted.',
  fix: 'Use repository@sha256:<64 hex> (set the digest in overlays/<env>/images.yaml), never a tag.',
  // Kyverno rejects unpinned images in every environment, and the charts make a tag a synth error.
  severity: 'error',
  *check(context) {
    for (const workload of context.workloads) {
      for (const container of workload.containers) {
        const image = container.spec['image'];
        if (typeof image !== 'string') {
          yield { object: workload.source, message: `container ${container.name} (${container.path}) has no image` };
        } else if (!isPinnedByDigest(parseImageReference(image))) {
          yield { object: workload.source, message: `container ${container.name} (${container.path}) image "${image}" is not pinned by a sha256 digest` };
        }
      }
    }
  },
};

/** Images only from the registries the overlay allows (the same list Kyverno enforces in-cluster). */
export const imageRegistry: Rule = {
  id: 'image-registry',
  reason: 'Images from registries outside the allow-list bypass scanning, signing and mirroring.',
  fix: 'Mirror the image into an allowed registry, or add the registry to allowedRegistries in overlays/<env>/platform.yaml.',
  severity: 'production',
  *check(context) {
    const allowed = context.environment.platform.allowedRegistries;
    for (const workload of context.workloads) {
      for (const container of workload.containers) {
        const image = container.spec['image'];
        if (typeof image !== 'string') continue; // image-digest reports it
        const reference = parseImageReference(image);
        if (!allowed.some((entry) => isFromRegistry(reference, entry))) {
          yield {
            object: workload.source,
            message: `container ${container.name} (${container.path}) image "${image}" is from ${reference.registry}, allowed: ${allowed.join(', ')}`,
          };
        }
      }
    }
  },
};
