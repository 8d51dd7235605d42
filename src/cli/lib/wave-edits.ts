import type { ImageRef } from '../../config/overlay-schemas';
import { applyMergePatch } from '../../config/merge-patch';
import { overrideIn, withOverride, withoutOverride } from './cluster-images-file';
import { sameImage } from './image-reference';
import { breakGlassIn, imageIn, parseText, withImageParsed, type ParsedText } from './images-file';
import { imagesFilePath, type RepositoryState } from './repository-state';
import type { Rollout, Wave } from './rollout';

/** One overlay file's new text. */
export interface OverlayEdit {
  readonly file: string;
  readonly text: string;
}

interface Wanted {
  readonly image: ImageRef;
  readonly breakGlass: string | undefined;
}

/**
 * The overlay edits that make every cluster of `wave` run `image` (with break-glass mark
 * `breakGlass`) and change what no other cluster runs. A wave before the last one gets the image
 * as an override in each of its clusters' files; the last wave settles it in images.yaml and
 * removes the overrides that now say the same, so a finished rollout is one entry per app in
 * images.yaml (an environment without waves has one wave: exactly today's one-line edit).
 *
 * Edits are ordered so that writing them one file at a time never changes a cluster that is not
 * in the wave: overrides are set first, then images.yaml, then redundant overrides removed.
 * Files whose text would not change are left out.
 */
export function waveEdits(state: RepositoryState, rollout: Rollout, wave: Wave, image: ImageRef, breakGlass: string | undefined): OverlayEdit[] {
  const { env, app } = rollout;
  const last = wave.number === rollout.waves.length;
  const settled: Wanted = last ? { image, breakGlass } : { image: rollout.settled, breakGlass: rollout.settledMark };
  const wanted = new Map<string, Wanted>();
  const setting: OverlayEdit[] = [];
  const removing: OverlayEdit[] = [];
  for (const current of rollout.waves) {
    for (const cluster of current.clusters) {
      const target: Wanted = current === wave ? { image, breakGlass } : { image: cluster.image, breakGlass: cluster.breakGlass };
      wanted.set(cluster.cluster, target);
      if (cluster.overlayFile === undefined) continue;
      const text = state.texts.get(cluster.overlayFile)!;
      const same = sameImage(target.image, settled.image) && target.breakGlass === settled.breakGlass;
      // A cluster outside the wave is touched only where images.yaml moves under it (or an override now says what images.yaml says).
      if (current !== wave && !last) continue;
      const edited = same ? withoutOverride(text, cluster.overlayFile, app) : withOverride(text, cluster.overlayFile, app, target.image, target.breakGlass, settled.image.repository);
      if (edited !== text) (same ? removing : setting).push({ file: cluster.overlayFile, text: edited });
    }
  }
  const imagesFile = imagesFilePath(env);
  const imagesText = state.texts.get(imagesFile)!;
  const settledImages = last ? withImageParsed(state.parsed(imagesFile), imagesFile, app, image, breakGlass) : undefined;
  const settledText = settledImages?.text ?? imagesText;
  const edits = [...setting, ...(settledText === imagesText ? [] : [{ file: imagesFile, text: settledText }]), ...removing];
  requireOutcome(state, rollout, edits, wanted, settledImages);
  return edits;
}

/**
 * Each edit was checked on its own; this proves the whole: with the new texts, every cluster
 * runs exactly what was wanted (images.yaml merged with its override, as the loader does).
 */
function requireOutcome(state: RepositoryState, rollout: Rollout, edits: readonly OverlayEdit[], wanted: ReadonlyMap<string, Wanted>, settledImages: ParsedText | undefined): void {
  const parsed = (file: string) => {
    const edit = edits.find((e) => e.file === file);
    if (edit === undefined) return state.parsed(file);
    // images.yaml's new text was parsed when its edit was proven; the same text, so the same document.
    return settledImages !== undefined && edit.text === settledImages.text ? settledImages : parseText(edit.text);
  };
  const images = parsed(imagesFilePath(rollout.env));
  const settled = imageIn(images, rollout.app);
  const settledMark = breakGlassIn(images, rollout.app);
  for (const wave of rollout.waves) {
    for (const cluster of wave.clusters) {
      const file = cluster.overlayFile === undefined ? undefined : parsed(cluster.overlayFile);
      const override = file === undefined ? undefined : overrideIn(file, rollout.app);
      const image = applyMergePatch(settled, override ?? {}) as ImageRef;
      const breakGlass = override?.digest !== undefined ? breakGlassIn(file!, rollout.app) : settledMark;
      const goal = wanted.get(cluster.cluster)!;
      if (!sameImage(image, goal.image) || Object.keys(image).length !== 2 || breakGlass !== goal.breakGlass) {
        throw new Error(`setting ${rollout.app} in ${rollout.env}: the overlay edits would make ${cluster.cluster} run ${JSON.stringify(image)} (mark ${breakGlass ?? 'none'}), not ${JSON.stringify(goal)}; nothing was written`);
      }
    }
  }
}
