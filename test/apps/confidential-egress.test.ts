import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/render/rendered-object';
import { fixtureCatalog, fixtureConfig, renderFixture } from '../support/fixture-repository';

type Egress = { to?: Array<{ ipBlock?: { cidr: string } }>; ports?: Array<{ port: number }> };
type PolicyObject = KubeObject & { spec: { egress?: Egress[] } };

const fixture = await renderFixture();
const definitions = [...fixtureCatalog.values()].map((entry) => entry.definition);

function egressAnywhere(env: string, app: string): number[] {
  const policy = fixture.find((e) => e.environment === env)!.objects.find((o) => o.folder === `apps/${app}` && o.object.kind === 'NetworkPolicy' && o.object.metadata.name === app)?.object as PolicyObject | undefined;
  return (policy?.spec.egress ?? []).filter((rule) => rule.to?.some((peer) => peer.ipBlock?.cidr === '0.0.0.0/0')).flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
}

describe("a confidential app's guest reaches the registry and the Key Broker Service", () => {
  const confidential = definitions.filter((app) => app.confidential).map((app) => app.name);
  const plain = definitions.filter((app) => !app.confidential).map((app) => app.name);

  it.each(fixture.map((env) => env.environment))('in %s', (env) => {
    const attestation = fixtureConfig(env).platform.tee?.attestation;
    for (const app of confidential) {
      const expected = [443, ...(attestation ? [Number(new URL(attestation.kbsUrl).port || 443)] : [])];
      expect(egressAnywhere(env, app), `${env} ${app}`).toEqual([...new Set(expected)].sort((a, b) => a - b));
    }
    // Everything else keeps egress to named destinations only.
    for (const app of plain) expect(egressAnywhere(env, app), `${env} ${app}`).toEqual([]);
  });

  it('the fixture has a confidential app and an environment with a broker (the test means something)', () => {
    expect(confidential.length).toBeGreaterThan(0);
    expect(fixture.some((env) => fixtureConfig(env.environment).platform.tee?.attestation !== undefined)).toBe(true);
  });
});
