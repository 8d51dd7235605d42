import type { ChartFacts } from '../../../charts/lib/chart-facts';
import type { ChartInstall } from '../../../src/check/chart-installs';
import type { ObservedFacts } from '../../../src/helm/chart-facts-of-render';

/** Declared facts of a fixture chart: nothing unless given. */
export function fixtureFacts(facts: Partial<ChartFacts> = {}): ChartFacts {
  return { chartVersion: '1.2.3', declaredIn: 'charts/platform/fixture/fixture-facts.ts', crds: [], customResources: [], webhooks: [], scrapes: [], pods: [], images: [], exemptions: [], ...facts };
}

/** A chart the fixture Application `application` installs, with declared (and optionally rendered) facts. */
export function fixtureInstall(application: string, facts: Partial<ChartFacts> = {}, rendered?: ObservedFacts): ChartInstall {
  return { application, chart: 'fixture-operator', version: '1.2.3', namespace: application, declared: fixtureFacts(facts), ...(rendered ? { rendered: { facts: rendered, objects: 1 } } : {}) };
}
