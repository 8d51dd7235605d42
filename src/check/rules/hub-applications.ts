import { isHub } from '../../../charts/argocd/topology';
import type { RuleContext } from '../rule-context';
import type { AcrossEnvironmentsRule } from './rule';

/**
 * Sizing defaults of a hub's application controller when overlays/<env>/environment.yaml sets no
 * argocd.hub: one controller, sized for 500 Applications. A starting point to tune from the
 * controller's own metrics (docs/decisions/fleets.md), not a limit Argo CD enforces.
 */
export const DEFAULT_HUB = { shards: 1, applicationsPerShard: 500 } as const;

const ARGO_KINDS = new Set(['Application', 'AppProject']);

function isHubCluster(context: RuleContext): boolean {
  return isHub(context.environment);
}

/** The Applications and AppProjects a cluster puts into the Argo CD that holds them (root.yaml and argocd/). */
function argoObjects(context: RuleContext) {
  return context.objects.filter((o) => o.object.apiVersion.startsWith('argoproj.io/') && ARGO_KINDS.has(o.object.kind));
}

/**
 * In a hub every cluster's Applications and AppProjects share one namespace: two with the same
 * name would be one object, and the later sync would take the earlier cluster's over. Names carry
 * the cluster's name, which still collides in corner cases (cluster qa with app a-shop and
 * cluster qa-a with app shop are both qa-a-shop). Judged across every hub-and-spoke cluster of
 * the repository, since two environments may share a management cluster.
 */
export const hubNamesUnique: AcrossEnvironmentsRule = {
  id: 'hub-names-unique',
  reason: 'Applications and AppProjects of all clusters a hub syncs live in one namespace: a repeated name makes one cluster\'s Application overwrite another\'s.',
  fix: 'Rename the cluster or the app so that <cluster>-<name> is unique across the hub.',
  severity: 'error',
  exemptible: false,
  acrossEnvironments: true,
  *check(clusters) {
    const hubs = clusters.filter(isHubCluster);
    const owners = new Map<string, Set<string>>();
    for (const context of hubs) {
      for (const object of argoObjects(context)) {
        const key = `${object.object.kind} ${object.object.metadata.name}`;
        owners.set(key, (owners.get(key) ?? new Set()).add(context.environment.cluster.name));
      }
    }
    for (const context of hubs) {
      for (const object of argoObjects(context)) {
        const others = [...(owners.get(`${object.object.kind} ${object.object.metadata.name}`) ?? [])].filter((cluster) => cluster !== context.environment.cluster.name);
        if (others.length > 0) {
          yield { tree: context.environment.cluster.distPath, object, message: `${object.object.kind} ${object.object.metadata.name} is also rendered for cluster ${others.sort().join(', ')}, in the same hub namespace` };
        }
      }
    }
  },
};

/**
 * Argo CD's application controller is sharded by cluster (each cluster's Applications are
 * reconciled by one controller replica; the legacy hash even leaves shards uneven), so a hub
 * needs enough shards for its Applications, and no cluster may outgrow one shard on its own.
 */
export const hubShardCapacity: AcrossEnvironmentsRule = {
  id: 'hub-shard-capacity',
  reason: 'One hub application controller shard reconciling more Applications than it is sized for falls behind: syncs, health and drift detection lag across the fleet.',
  fix: 'Raise argocd.hub.shards (the controller replicas, with the round-robin sharding algorithm) or applicationsPerShard after sizing the controller, or split the environment over two hubs.',
  severity: 'warning',
  exemptible: false,
  acrossEnvironments: true,
  *check(clusters) {
    const byEnvironment = new Map<string, RuleContext[]>();
    for (const context of clusters.filter(isHubCluster)) byEnvironment.set(context.environment.name, [...(byEnvironment.get(context.environment.name) ?? []), context]);
    for (const [environment, contexts] of byEnvironment) {
      const { shards, applicationsPerShard } = contexts[0]!.environment.argocd.hub ?? DEFAULT_HUB;
      const counts = contexts.map((context) => ({ context, applications: argoObjects(context).filter((o) => o.object.kind === 'Application').length }));
      const total = counts.reduce((sum, c) => sum + c.applications, 0);
      const perShard = Math.ceil(total / shards);
      const first = contexts[0]!;
      const file = `overlays/${environment}/environment.yaml`;
      if (perShard > applicationsPerShard) {
        yield { tree: first.environment.cluster.distPath, file, message: `the hub of ${environment} holds ${total} Applications of ${contexts.length} clusters: at least ${perShard} per shard over ${shards} shard${shards === 1 ? '' : 's'}, above argocd.hub.applicationsPerShard ${applicationsPerShard}` };
      }
      for (const { context, applications } of counts) {
        if (applications > applicationsPerShard) {
          yield { tree: context.environment.cluster.distPath, file: context.environment.cluster.overlayFile ?? file, message: `cluster ${context.environment.cluster.name} alone has ${applications} Applications, above argocd.hub.applicationsPerShard ${applicationsPerShard} (a cluster is never split across shards)` };
        }
      }
    }
  },
};

