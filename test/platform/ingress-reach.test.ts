import { describe, expect, it } from 'vitest';
import { ingressNamespace } from '../../charts/lib/platform-names';
import type { KubeObject } from '../../src/render/rendered-object';
import type { RenderedEnvironment } from '../../src/render/render-environment';
import { fixtureCatalog, fixtureConfig, renderFixture } from '../support/fixture-repository';

interface Peer {
  readonly namespaceSelector?: { readonly matchLabels?: Record<string, string>; readonly matchExpressions?: unknown[] };
  readonly ipBlock?: unknown;
}
interface Rule { readonly from?: Peer[]; readonly to?: Peer[]; readonly ports?: Array<{ port: number }> }
type PolicyObject = KubeObject & { spec: { ingress?: Rule[]; egress?: Rule[] } };

const environments = await renderFixture();
const apps = [...fixtureCatalog.values()].map((entry) => entry.definition);
const exposed = apps.filter((app) => app.expose);
const hidden = apps.filter((app) => !app.expose);

function policiesIn(env: RenderedEnvironment, namespace: string): PolicyObject[] {
  return env.objects.map((o) => o.object).filter((o): o is PolicyObject => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace);
}

/** Whether a peer lets pods of `namespace` in (or out to it); empty selectors match every namespace. */
function matchesNamespace(peer: Peer, namespace: string): boolean {
  const selector = peer.namespaceSelector;
  if (selector === undefined) return false;
  const labels = selector.matchLabels ?? {};
  if (Object.keys(labels).length === 0 && (selector.matchExpressions ?? []).length === 0) return true;
  return labels['kubernetes.io/metadata.name'] === namespace;
}

/** Ports on which the namespace's policies admit pods of `from` (any port: 0). */
function admittedPorts(env: RenderedEnvironment, namespace: string, from: string): number[] {
  return policiesIn(env, namespace)
    .flatMap((policy) => policy.spec.ingress ?? [])
    .filter((rule) => (rule.from ?? []).length === 0 || rule.from!.some((peer) => matchesNamespace(peer, from)))
    .flatMap((rule) => (rule.ports ?? [{ port: 0 }]).map((p) => p.port));
}

describe.each(environments.map((env) => [env.environment, env] as const))('the ingress tier reaches exactly the exposed apps (fixture %s)', (name, env) => {
  const controller = ingressNamespace(fixtureConfig(name).platform.ingress.controller);

  it('has exposed and unexposed apps to tell apart', () => {
    expect(exposed.length).toBeGreaterThan(0);
    expect(hidden.length).toBeGreaterThan(0);
  });

  it('admits the ingress tier into an exposed app on its port only, and into no other app', () => {
    for (const app of exposed) expect(admittedPorts(env, app.name, controller), app.name).toEqual([app.port]);
    for (const app of hidden) expect(admittedPorts(env, app.name, controller), app.name).toEqual([]);
  });

  it('lets the controller open connections to the exposed apps\' namespaces, each on its port, and to no other app', () => {
    const reached = policiesIn(env, controller)
      .flatMap((policy) => policy.spec.egress ?? [])
      .flatMap((rule) => apps.filter((app) => (rule.to ?? []).some((peer) => matchesNamespace(peer, app.name))).flatMap((app) => (rule.ports ?? [{ port: 0 }]).map((p) => `${app.name}:${p.port}`)))
      .sort();
    expect(reached).toEqual(exposed.map((app) => `${app.name}:${app.port}`).sort());
  });
});
