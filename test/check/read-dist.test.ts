import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readDistEnvironment } from '../../src/check/read-dist';
import { toYaml } from '../../src/render/serialize';
import { fixtureRepository, renderFixture } from '../support/fixture-repository';
import { renderRepository } from '../support/repo';

describe('readDistEnvironment', () => {
  // read-dist reuses the fresh objects for byte-identical files; that is only sound because
  // parsing what the serializer wrote gives back exactly the object it was given.
  it('parses every rendered object of the repository back to the same object (YAML 1.1)', async () => {
    for (const env of await renderRepository()) {
      for (const { file, object } of env.objects) {
        const documents = parseAllDocuments(toYaml(object), { version: '1.1' });
        expect(documents, file).toHaveLength(1);
        expect(documents[0]!.toJS(), `${env.name}/${file}`).toEqual(object);
      }
    }
  });

  it('uses the fresh objects for identical files and parses a file that differs from disk', async () => {
    const root = await fixtureRepository();
    const dev = (await renderFixture()).find((env) => env.environment === 'dev')!;
    const edited = 'apps/shop/deployment-shop.yaml';
    const file = path.join(root, 'dist', dev.name, edited);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^  replicas: \d+$/m, '  replicas: 9'));

    const read = readDistEnvironment(path.join(root, 'dist'), dev.name, dev);

    expect(read.objects).toHaveLength(dev.objects.length);
    const deployment = read.objects.find((o) => o.file === edited)!;
    expect(deployment.object.spec).toMatchObject({ replicas: 9 });
    const service = read.objects.find((o) => o.file === 'apps/shop/service-shop.yaml')!;
    expect(service.object).toBe(dev.objects.find((o) => o.file === 'apps/shop/service-shop.yaml')!.object);
  });

  it('reads the same objects with or without a fresh render when nothing differs', async () => {
    const root = await fixtureRepository();
    const live = (await renderFixture()).find((env) => env.environment === 'live')!;
    const withFresh = readDistEnvironment(path.join(root, 'dist'), live.name, live);
    const parsed = readDistEnvironment(path.join(root, 'dist'), live.name);
    expect(withFresh.objects).toEqual(parsed.objects);
    expect(withFresh.files).toEqual(parsed.files);
  });
});
