import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/report/check-report';
import { runCheck } from '../../src/check/run-check';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import type { KubeObject } from '../../src/render/rendered-object';
import { renderAll, synth } from '../../src/synth-pipeline';
import { fixtureCatalog } from '../support/fixture-repository';
import { fleetConfigs, fleetRepository, writeFleetOverlays } from '../support/fleet-repository';

interface ApplicationSpec {
  project: string;
  destination: { server?: string; name?: string; namespace?: string };
  source?: { path?: string };
  sources?: { path?: string }[];
}

let clusters: RenderedEnvironment[];
let report: CheckReport;
beforeAll(async () => {
  const root = await fleetRepository();
  clusters = (await renderAll({ root, catalog: fixtureCatalog })).rendered;
  report = await runCheck({ root, catalog: fixtureCatalog, env: {} });
});

const ofKind = (cluster: RenderedEnvironment, kind: string) => cluster.objects.filter((o) => o.object.kind === kind);
const applications = (cluster: RenderedEnvironment) => ofKind(cluster, 'Application').map((o) => o.object as KubeObject & { spec: ApplicationSpec });
const tree = (name: string) => clusters.find((c) => c.name.endsWith(`/${name}`))!;
const configOf = (name: string) => fleetConfigs().find((c) => c.cluster.name === name)!;
const pathsOf = (spec: ApplicationSpec) => [spec.source, ...(spec.sources ?? [])].flatMap((s) => (s?.path ? [s.path] : []));

describe('a fleet: one Application tree per cluster', () => {
  it('renders every cluster into dist/<env>/<cluster>/ with its own root', () => {
    expect(clusters.map((c) => c.name)).toEqual(fleetConfigs().map((c) => c.cluster.distPath));
    for (const cluster of clusters) {
      expect(cluster.files.has('root.yaml'), cluster.name).toBe(true);
      for (const application of applications(cluster)) {
        for (const source of pathsOf(application.spec)) expect(source.startsWith(`dist/${cluster.name}/`), `${cluster.name}: ${source}`).toBe(true);
      }
    }
  });

  it('passes npm run check: every object owned by exactly one Application of its cluster, schema-valid, rules', () => {
    const errors = report.environments.flatMap((e) => e.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.file}: ${f.message}`));
    expect(errors).toEqual([]);
    expect(report.environments.map((e) => `${e.environment}/${e.cluster}`)).toEqual(fleetConfigs().map((c) => `${c.name}/${c.cluster.name}`));
  });

  it("renders each cluster's own values (domain, StackRox cluster, backup bucket)", () => {
    const hostsOf = (name: string) => ofKind(tree(name), 'Ingress').flatMap((o) => ((o.object.spec as { rules: { host: string }[] }).rules ?? []).map((r) => r.host));
    expect(hostsOf('live-us').every((host) => host.endsWith('.us.example.com'))).toBe(true);
    expect(hostsOf('live-eu').every((host) => host.endsWith('.eu.example.com'))).toBe(true);
    const location = (name: string) => ofKind(tree(name), 'BackupStorageLocation')[0]!.object.spec as { objectStorage: { bucket: string; prefix: string }; config: { region: string } };
    expect(location('live-us')).toMatchObject({ objectStorage: { bucket: 'example-velero-live-us', prefix: 'live-us' }, config: { region: 'us-east-1' } });
    expect(location('live-eu').objectStorage.prefix).toBe('live-eu');
  });
});

describe('per-cluster topology', () => {
  it("keeps today's names: each cluster's Argo CD holds its own Applications, deploying to argocd.destinationServer", () => {
    for (const name of ['live-canary', 'live-eu', 'live-us']) {
      const server = configOf(name).argocd.destinationServer;
      const names = applications(tree(name)).map((a) => a.metadata.name);
      expect(names).toContain('root');
      expect(names).toContain('shop');
      for (const application of applications(tree(name))) expect(application.spec.destination.server, `${name} ${application.metadata.name}`).toBe(server);
    }
  });
});

describe('hub-and-spoke topology', () => {
  it('names every Application and AppProject after its cluster, unique across the hub', () => {
    const names = ['qa-a', 'qa-b'].flatMap((name) => [...applications(tree(name)), ...ofKind(tree(name), 'AppProject').map((o) => o.object)].map((o) => `${o.kind}/${o.metadata.name}`));
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['qa-a', 'qa-b']) {
      for (const object of [...applications(tree(name)), ...ofKind(tree(name), 'AppProject').map((o) => o.object)]) expect(object.metadata.name.startsWith(`${name}-`), object.metadata.name).toBe(true);
    }
  });

  it('deploys the children to the cluster registration by name, the root and its project to the hub', () => {
    const hub = configOf('qa-a').argocd;
    for (const name of ['qa-a', 'qa-b']) {
      for (const application of applications(tree(name))) {
        if (application.metadata.name === `${name}-root`) {
          expect(application.spec.destination).toEqual({ server: hub.destinationServer, namespace: hub.namespace });
          expect(application.spec.project).toBe(`${name}-bootstrap`);
        } else {
          expect(application.spec.destination.name, application.metadata.name).toBe(name);
          expect(application.spec.destination.server).toBeUndefined();
          expect(application.spec.project.startsWith(`${name}-`)).toBe(true);
        }
        expect(application.metadata.namespace).toBe(hub.namespace);
      }
      const projects = ofKind(tree(name), 'AppProject').map((o) => o.object as KubeObject & { spec: { destinations: { name?: string; server?: string }[] } });
      const bootstrap = projects.find((p) => p.metadata.name === `${name}-bootstrap`)!;
      expect(bootstrap.spec.destinations).toEqual([{ server: hub.destinationServer, namespace: hub.namespace }]);
      for (const project of projects.filter((p) => p !== bootstrap)) for (const destination of project.spec.destinations) expect(destination.name).toBe(name);
    }
  });

  it('installs no Argo CD on a spoke (the hub syncs it from outside) and holds no cluster credentials in Git', () => {
    for (const name of ['qa-a', 'qa-b']) {
      expect(applications(tree(name)).map((a) => a.metadata.name)).not.toContain(`${name}-argo-cd`);
      expect(tree(name).objects.filter((o) => o.object.kind === 'Secret' && (o.object.metadata.labels ?? {})['argocd.argoproj.io/secret-type'] === 'cluster')).toEqual([]);
    }
    expect(applications(tree('live-eu')).map((a) => a.metadata.name)).toContain('argo-cd');
  });
});

describe('hub rules', () => {
  async function checkWith(environmentEdit: (text: string) => string): Promise<CheckReport> {
    const root = mkdtempSync(path.join(tmpdir(), 'fleet-hub-'));
    writeFleetOverlays(root);
    const file = path.join(root, 'overlays/qa/environment.yaml');
    writeFileSync(file, environmentEdit(readFileSync(file, 'utf8')));
    await synth({ root, catalog: fixtureCatalog });
    return runCheck({ root, catalog: fixtureCatalog, env: {} });
  }

  it('hub-shard-capacity warns when the hub holds more Applications per shard than configured', async () => {
    const perCluster = applications(tree('qa-a')).length;
    const report = await checkWith((text) => text.replace('shards: 2', 'shards: 1').replace('applicationsPerShard: 500', `applicationsPerShard: ${perCluster + 1}`));
    const warnings = report.environments.flatMap((e) => e.findings.filter((f) => f.rule === 'hub-shard-capacity').map((f) => `${f.severity} ${f.file}: ${f.message}`));
    expect(warnings).toEqual([`warning overlays/qa/environment.yaml: the hub of qa holds ${2 * perCluster} Applications of 2 clusters: at least ${2 * perCluster} per shard over 1 shard, above argocd.hub.applicationsPerShard ${perCluster + 1}`]);
    expect(report.ok).toBe(true);
  });

  it('hub-shard-capacity names a cluster that alone outgrows a shard, and is quiet within the limits', async () => {
    const perCluster = applications(tree('qa-a')).length;
    const report = await checkWith((text) => text.replace('applicationsPerShard: 500', `applicationsPerShard: ${perCluster - 1}`).replace('shards: 2', 'shards: 4'));
    const messages = report.environments.flatMap((e) => e.findings.filter((f) => f.rule === 'hub-shard-capacity').map((f) => f.message));
    expect(messages).toEqual([
      `cluster qa-a alone has ${perCluster} Applications, above argocd.hub.applicationsPerShard ${perCluster - 1} (a cluster is never split across shards)`,
      `cluster qa-b alone has ${perCluster} Applications, above argocd.hub.applicationsPerShard ${perCluster - 1} (a cluster is never split across shards)`,
    ]);
  });

  it('hub-shard-capacity is quiet within the limits (the fleet fixture: 2 shards of 500)', () => {
    expect(report.environments.flatMap((e) => e.findings).filter((f) => f.rule === 'hub-shard-capacity')).toEqual([]);
  });
});
