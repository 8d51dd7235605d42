import { ApiObject, App, Chart, JsonPatch, Lazy, type IResolver, type ResolutionContext } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { objectJson } from '../../src/render/object-json';

/**
 * objectJson() must return exactly what cdk8s's apiObject.toJson() returns, key order included
 * (the YAML is written in that order), for every kind of value a chart can hold. The rendered
 * repositories are compared in reference-path.test.ts; these are the values they do not hold.
 */
function chart(app = new App()): Chart {
  return new Chart(app, 'test', { namespace: 'ns', labels: { 'chart-label': 'x' }, disableResourceNameHashes: true });
}

function expectSameAsCdk8s(apiObject: ApiObject): void {
  expect(JSON.stringify(objectJson(apiObject))).toBe(JSON.stringify(apiObject.toJson()));
}

class Token {
  resolve(): unknown {
    return { resolved: ['by', 'token'] };
  }
}

describe('objectJson', () => {
  it('renders an imported type like cdk8s: typed fields mapped, unions resolved, maps sorted, empty metadata dropped', () => {
    const deployment = new k8s.KubeDeployment(chart(), 'deployment', {
      metadata: { name: 'web', annotations: { 'z-last': 'z', 'a-first': 'a' }, finalizers: [] },
      spec: {
        selector: { matchLabels: { b: '2', a: '1' } },
        strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
        template: {
          spec: {
            containers: [{ name: 'c', image: 'i', resources: { limits: { memory: k8s.Quantity.fromString('64Mi'), cpu: k8s.Quantity.fromNumber(1) } }, env: [{ name: 'EMPTY', value: '' }] }],
          },
        },
      },
    });
    const json = objectJson(deployment);
    expect(Object.keys(json)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(json.metadata).toEqual({ annotations: { 'a-first': 'a', 'z-last': 'z' }, labels: { 'chart-label': 'x' }, name: 'web', namespace: 'ns' });
    expectSameAsCdk8s(deployment);
  });

  it('renders a plain ApiObject like cdk8s: nulls dropped from mappings, kept as holes in lists, integer-like keys, nested unions', () => {
    const object = new ApiObject(chart(), 'plain', {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'thing', labels: { empty: '' } },
      spec: { zeta: 1, alpha: { '10': 'ten', '2': 'two', b: null, a: undefined }, list: [null, 'x', undefined, { q: k8s.IntOrString.fromNumber(3) }], flag: false, nothing: null },
      data: { 'key.with.dots': 'v' },
    });
    object.metadata.addFinalizers('example.com/keep');
    object.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'Thing', name: 'owner', uid: 'u' });
    object.metadata.add('generateName', 'thing-');
    object.metadata.add('emptied', { inner: {}, list: [] });
    expectSameAsCdk8s(object);
    expect(Object.keys(objectJson(object).metadata)).toEqual(['finalizers', 'generateName', 'labels', 'name', 'namespace', 'ownerReferences']);
  });

  it('leaves Lazy values, tokens, JSON patches and extra resolvers to cdk8s, with the same result', () => {
    const lazy = new ApiObject(chart(), 'lazy', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lazy' }, data: { produced: Lazy.any({ produce: () => ({ b: 2, a: 1 }) }) } });
    expectSameAsCdk8s(lazy);
    expect((objectJson(lazy).data as { produced: object }).produced).toEqual({ a: 1, b: 2 });

    const token = new ApiObject(chart(), 'token', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'token' }, data: { value: new Token() } });
    expectSameAsCdk8s(token);
    expect((objectJson(token).data as { value: object }).value).toEqual({ resolved: ['by', 'token'] });

    const patched = new ApiObject(chart(), 'patched', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched' }, data: { a: '1' } });
    patched.addJsonPatch(JsonPatch.add('/data/b', '2'));
    expectSameAsCdk8s(patched);
    expect(objectJson(patched).data).toEqual({ a: '1', b: '2' });

    const upper: IResolver = { resolve: (context: ResolutionContext) => (context.value === 'shout' ? context.replaceValue('SHOUT') : undefined) };
    const custom = new ApiObject(chart(new App({ resolvers: [upper] })), 'custom', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'custom' }, data: { a: 'shout' } });
    expectSameAsCdk8s(custom);
    expect(objectJson(custom).data).toEqual({ a: 'SHOUT' });
  });

  it('fails like cdk8s on values it cannot render, naming the construct', () => {
    const odd = new ApiObject(chart(), 'odd', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'odd' }, data: { when: new Date(0) } });
    expect(() => odd.toJson()).toThrow(/Failed serializing construct at path 'test\/odd'.*non-simple object of type 'Date'/);
    expect(() => objectJson(odd)).toThrow(/Failed serializing construct at path 'test\/odd'.*non-simple object of type 'Date'/);

    // A mapping with its own "constructor" key is no plain dictionary to cdk8s either.
    const constructorKey = new ApiObject(chart(), 'constructor-key', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { constructor: 'x' } });
    expect(() => constructorKey.toJson()).toThrow(/non-simple object/);
    expect(() => objectJson(constructorKey)).toThrow(/non-simple object/);
  });
});
