import type { Rule } from './rule';

/** Production should not depend on an ingress controller that no longer gets security fixes. */
export const ingressNginxRetired: Rule = {
  id: 'ingress-nginx-retired',
  reason: 'ingress-nginx was retired upstream in March 2026: no more releases or CVE fixes for the internet-facing tier.',
  fix: 'Set ingress.controller: traefik in overlays/<env>/platform.yaml (or plan the move to a maintained controller / Gateway API).',
  severity: 'warning',
  *check(context) {
    if (!context.production || context.environment.platform.ingress.controller !== 'ingress-nginx') return;
    yield {
      file: `overlays/${context.environment.name}/platform.yaml`,
      message: 'ingress.controller is ingress-nginx, which is retired upstream (last release 4.15.1, March 2026)',
    };
  },
};
