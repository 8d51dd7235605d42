import type { ImageRef } from '../../config/overlay-schemas';
import { overrideIn } from './cluster-images-file';
import { breakGlassIn, imageIn } from './images-file';
import { sameImage, shortDigest } from './image-reference';
import { imagesFilePath, type RepositoryState } from './repository-state';

/** What one cluster runs of one app: its environment's entry with the cluster's override applied. */
export interface ClusterImage {
  readonly cluster: string;
  /** overlays/<env>/clusters/<cluster>.yaml; undefined for the one cluster of an environment without waves. */
  readonly overlayFile: string | undefined;
  readonly image: ImageRef;
  /** The break-glass reason on the digest line the image comes from (the cluster's or the environment's). */
  readonly breakGlass: string | undefined;
  /** The cluster's file states images.<app> (it is ahead of, or apart from, its environment's entry). */
  readonly overridden: boolean;
  /** platform.yaml allowedRegistries as the cluster sees it. */
  readonly allowedRegistries: readonly string[];
}

export interface Wave {
  readonly name: string;
  /** 1 for the first wave. */
  readonly number: number;
  readonly clusters: readonly ClusterImage[];
}

/** One app in one environment, wave by wave. */
export interface Rollout {
  readonly env: string;
  readonly app: string;
  /** overlays/<env>/images.yaml's entry: what a cluster runs without an override, and where a finished rollout lands. */
  readonly settled: ImageRef;
  readonly settledMark: string | undefined;
  readonly waves: readonly Wave[];
}

export function rolloutOf(state: RepositoryState, env: string, app: string): Rollout {
  const images = state.parsed(imagesFilePath(env));
  const settled = imageIn(images, app)!;
  const settledMark = breakGlassIn(images, app);
  const waves: Wave[] = [];
  for (const config of state.clusters.get(env)!) {
    const { name, wave, waveName, overlayFile } = config.cluster;
    const override = overlayFile === undefined ? undefined : overrideIn(state.parsed(overlayFile), app);
    const cluster: ClusterImage = {
      cluster: name,
      overlayFile,
      image: config.images[app]!,
      breakGlass: override?.digest !== undefined ? breakGlassIn(state.parsed(overlayFile!), app) : settledMark,
      overridden: override !== undefined,
      allowedRegistries: config.platform.allowedRegistries,
    };
    if (waves.length < wave) waves.push({ name: waveName, number: wave, clusters: [] });
    (waves[wave - 1]!.clusters as ClusterImage[]).push(cluster);
  }
  return { env, app, settled, settledMark, waves };
}

/** The wave named `name`, or undefined. */
export function waveNamed(rollout: Rollout, name: string): Wave | undefined {
  return rollout.waves.find((wave) => wave.name === name);
}

/** How messages name a wave: the environment when it has one wave, else "<env> wave <name>". */
export function waveLabel(rollout: Rollout, wave: Wave): string {
  return rollout.waves.length === 1 ? rollout.env : `${rollout.env} wave ${wave.name}`;
}

/** Whether the environment names its clusters (lists waves in environment.yaml). */
export function hasClusterFiles(rollout: Rollout): boolean {
  return rollout.waves[0]!.clusters[0]!.overlayFile !== undefined;
}

export function allClusters(rollout: Rollout): readonly ClusterImage[] {
  return rollout.waves.flatMap((wave) => wave.clusters);
}

/**
 * The image every one of `clusters` runs, with the break-glass mark it carries (the first one
 * found, in wave order: a mark on any cluster means the image skipped part of the chain), or
 * undefined when they run different images.
 */
export function commonImage(clusters: readonly ClusterImage[]): { readonly image: ImageRef; readonly breakGlass: string | undefined } | undefined {
  const first = clusters[0]!;
  if (!clusters.every((cluster) => sameImage(cluster.image, first.image))) return undefined;
  return { image: first.image, breakGlass: clusters.find((cluster) => cluster.breakGlass !== undefined)?.breakGlass };
}

/** e.g. "qa-a runs sha256:111111111111, qa-b runs sha256:222222222222" (clusters of one image together). */
export function describeImages(clusters: readonly ClusterImage[]): string {
  const repositories = new Set(clusters.map((cluster) => cluster.image.repository));
  const show = (image: ImageRef) => (repositories.size > 1 ? `${image.repository}@${shortDigest(image.digest)}` : shortDigest(image.digest));
  const groups: { names: string[]; image: ImageRef }[] = [];
  for (const cluster of clusters) {
    const group = groups.find((g) => sameImage(g.image, cluster.image));
    if (group) group.names.push(cluster.cluster);
    else groups.push({ names: [cluster.cluster], image: cluster.image });
  }
  return groups.map((g) => `${g.names.join(' and ')} ${g.names.length === 1 ? 'runs' : 'run'} ${show(g.image)}`).join(', ');
}
