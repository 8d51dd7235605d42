import type { Finding, PodSecurityCheck } from '../check.js';
import type { VolumeLike } from '../pod-shape.js';

/** Volume types that cannot reach the node or an arbitrary remote server (check_restrictedVolumes.go). */
const restrictedAllowedVolumeSources: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** The keys of a volume that name its source; null counts as unset, as it does in the API. */
function sourcesOf(volume: VolumeLike): string[] {
  return Object.entries(volume)
    .filter(([key, value]) => key !== 'name' && value !== undefined && value !== null)
    .map(([key]) => key);
}

function volumeLabel(volume: VolumeLike, index: number): string {
  return volume.name ? `volume "${volume.name}"` : `spec.volumes[${index}]`;
}

export const hostPathVolumesCheck: PodSecurityCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  evaluate: ({ spec }) =>
    (spec.volumes ?? []).flatMap((volume, index): Finding[] =>
      sourcesOf(volume).includes('hostPath')
        ? [
            {
              field: `spec.volumes[${index}].hostPath`,
              message: `${volumeLabel(volume, index)} mounts a hostPath from the node; hostPath volumes are not allowed`,
            },
          ]
        : [],
    ),
};

/**
 * A volume with no source at all passes: the API server defaults it to emptyDir before admission
 * (upstream's restrictedvolumes0 fixture relies on this). Unlike upstream's first-match switch, every
 * forbidden source key is reported, which differs only for multi-source volumes the API rejects anyway.
 */
export const restrictedVolumesCheck: PodSecurityCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  overrides: ['hostPathVolumes'],
  evaluate: ({ spec }) =>
    (spec.volumes ?? []).flatMap((volume, index) =>
      sourcesOf(volume)
        .filter((source) => !restrictedAllowedVolumeSources.has(source))
        .map((source) => ({
          field: `spec.volumes[${index}].${source}`,
          message: `${volumeLabel(volume, index)} uses the restricted volume type "${source}"; allowed: ${[...restrictedAllowedVolumeSources].join(', ')}`,
        })),
    ),
};
