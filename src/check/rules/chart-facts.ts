import { compareChartFacts } from '../../helm/compare-chart-facts';
import { effectiveFacts } from '../chart-installs';
import { isPinnedByDigest, parseImageReference } from '../k8s/image-reference';
import type { Rule } from './rule';

/** Where the chart was rendered: its facts as declared must be what it renders. */
export const chartFactsMatch: Rule = {
  id: 'chart-facts-match',
  reason: 'Declared chart facts are what the check judges where the chart cannot be rendered; a declaration that differs from the real render hides what the chart brings.',
  fix: 'Update the component\'s facts (charts/platform/<component>/*-facts.ts) to what the chart renders for these values, then npm run synth.',
  severity: 'error',
  exemptible: false,
  *check(context) {
    for (const install of context.charts) {
      if (install.rendered === undefined) continue;
      for (const difference of compareChartFacts(install.declared, install.rendered.facts)) {
        yield { chart: { install, subject: difference.fact }, message: `${difference.fact}: ${difference.message}` };
      }
    }
  },
};

/** Facts are derived for one chart version; a bump must re-derive them. */
export const chartFactsVersion: Rule = {
  id: 'chart-facts-version',
  reason: 'Facts derived for another chart version go stale silently after a bump (a Renovate pull request changes only the version).',
  fix: 'Render the new version (npm run charts -- --render), update the facts to what it renders, and set their chartVersion to the pinned version.',
  severity: 'error',
  exemptible: false,
  *check(context) {
    for (const install of context.charts) {
      if (install.declared.chartVersion !== install.version) {
        yield { chart: { install, subject: install.version }, message: `facts are declared for version ${install.declared.chartVersion}, the Application installs ${install.version}` };
      }
    }
  },
};

/** Chart images by digest, like the project's own (image-digest). */
export const chartImageDigest: Rule = {
  id: 'chart-image-digest',
  reason: 'A chart\'s image tag can be moved to other content; only a digest pins what was reviewed.',
  fix: 'Set the chart\'s image digest value (where it has one) to the verified digest; otherwise declare an exemption with the reason next to the component\'s values.',
  severity: 'error',
  *check(context) {
    for (const install of context.charts) {
      for (const image of effectiveFacts(install).images) {
        if (!isPinnedByDigest(parseImageReference(image))) yield { chart: { install, subject: image }, message: `image ${image} is not pinned by a sha256 digest` };
      }
    }
  },
};
