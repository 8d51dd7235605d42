import { gunzipSync } from 'node:zlib';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { INITDATA_ANNOTATION, initdataAnnotation } from '../../charts/lib/app/initdata';
import type { KubeObject } from '../../src/render/rendered-object';
import { fixtureConfig, renderFixture } from '../support/fixture-repository';

type DeploymentObject = KubeObject & { spec: { template: { metadata: { annotations?: Record<string, string> }; spec: { runtimeClassName?: string } } } };

/** What the Kata runtime does with the annotation: base64, then gunzip, then TOML. */
function decode(value: string): { algorithm: string; version: string; data: Record<string, string> } {
  return parse(gunzipSync(Buffer.from(value, 'base64')).toString('utf8')) as never;
}

const fixture = await renderFixture();

describe('initdata of confidential pods', () => {
  const live = fixture.find((env) => env.environment === 'live')!;
  const attestation = fixtureConfig('live').platform.tee!.attestation!;
  const settle = live.objects.find((o) => o.object.kind === 'Deployment' && o.object.metadata.name === 'settle')!.object as DeploymentObject;
  const annotation = settle.spec.template.metadata.annotations?.[INITDATA_ANNOTATION];

  it('puts the initdata on the confidential fixture app\'s pods, as gzip then base64 of the initdata TOML', () => {
    expect(settle.spec.template.spec.runtimeClassName).toBe('kata-qemu-snp');
    expect(annotation).toBeDefined();
    const initdata = decode(annotation!);
    expect(initdata).toMatchObject({ algorithm: 'sha384', version: '0.1.0' });
    expect(Object.keys(initdata.data).sort()).toEqual(['aa.toml', 'cdh.toml', 'policy.rego']);
  });

  it('points the attestation agent and the data hub\'s broker client at the overlay\'s KBS, and carries its agent policy', () => {
    const { data } = decode(annotation!);
    expect(parse(data['aa.toml']!)).toEqual({ token_configs: { coco_as: { url: attestation.kbsUrl }, kbs: { url: attestation.kbsUrl } } });
    expect(parse(data['cdh.toml']!)).toEqual({ socket: 'unix:///run/confidential-containers/cdh.sock', credentials: [], kbc: { name: 'cc_kbc', url: attestation.kbsUrl } });
    expect(data['policy.rego']!.trim()).toBe(attestation.agentPolicy!.trim());
  });

  it('leaves the policy out when the overlay sets none, and encodes the same input the same way', () => {
    const withoutPolicy = decode(initdataAnnotation({ kbsUrl: 'https://kbs.example.org' }));
    expect(Object.keys(withoutPolicy.data).sort()).toEqual(['aa.toml', 'cdh.toml']);
    expect(initdataAnnotation({ kbsUrl: 'https://kbs.example.org' })).toBe(initdataAnnotation({ kbsUrl: 'https://kbs.example.org' }));
  });

  it('gives no initdata to pods of environments without attestation, nor to other apps', () => {
    const qa = fixture.find((env) => env.environment === 'qa')!;
    expect(fixtureConfig('qa').platform.tee?.attestation).toBeUndefined();
    const qaSettle = qa.objects.find((o) => o.object.kind === 'Deployment' && o.object.metadata.name === 'settle')?.object as DeploymentObject | undefined;
    if (qaSettle) expect(qaSettle.spec.template.metadata.annotations?.[INITDATA_ANNOTATION]).toBeUndefined();
    const others = live.objects.filter((o) => o.object.kind === 'Deployment' && o.folder.startsWith('apps/') && o.object.metadata.name !== 'settle');
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect((other.object as DeploymentObject).spec.template.metadata.annotations?.[INITDATA_ANNOTATION], other.object.metadata.name).toBeUndefined();
  });
});
