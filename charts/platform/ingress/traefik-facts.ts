import { chartFacts, estimatedCrd, MONITORING_KINDS, tagPinnedImage, upstreamCrd, type ChartFacts } from '../../lib/chart-facts';
import { ingressNamespace } from '../../lib/platform-names';
import type { TraefikValues } from './traefik-values';
import { INGRESS_PORTS } from './ingress-network';

/** The ten traefik.io CRDs of the chart's crds/ folder, measured on the pinned copies. */
const TRAEFIK_CRDS = [
  ['IngressRoute', 15716, 'ingressroutes'],
  ['IngressRouteTCP', 8468, 'ingressroutetcps'],
  ['IngressRouteUDP', 3550, 'ingressrouteudps'],
  ['Middleware', 50463, 'middlewares'],
  ['MiddlewareTCP', 2858, 'middlewaretcps'],
  ['ServersTransport', 6056, 'serverstransports'],
  ['ServersTransportTCP', 5311, 'serverstransporttcps'],
  ['TLSOption', 4071, 'tlsoptions'],
  ['TLSStore', 3027, 'tlsstores'],
  ['TraefikService', 53831, 'traefikservices'],
] as const;

/** The fifteen hub.traefik.io CRDs crds/ also ships (installed whether or not Hub is used). */
const HUB_KINDS = ['AccessControlPolicy', 'AIService', 'API', 'APIAccess', 'APIAuth', 'APIBundle', 'APICatalogItem', 'APIPlan', 'APIPortal', 'APIPortalAuth', 'APIRateLimit', 'APIVersion', 'ManagedApplication', 'ManagedSubscription', 'Uplink'];

/**
 * What traefik 41.3.0 renders for these values (traefik/crds: every CRD, helm applies crds/
 * always; the ServiceMonitor behind metrics.prometheus.serviceMonitor.enabled, rendered where the
 * cluster serves ServiceMonitor; no admission webhook; image docker.io/traefik:<appVersion> as
 * the chart resolves a null image.registry/repository).
 */
export function traefikFacts(values: TraefikValues): ChartFacts {
  const namespace = ingressNamespace('traefik');
  const serviceMonitor = values.metrics.prometheus.serviceMonitor.enabled;
  const image = 'docker.io/traefik:v3.7.11';
  return chartFacts({
    chartVersion: '41.3.0',
    declaredIn: 'charts/platform/ingress/traefik-facts.ts',
    crds: [
      ...TRAEFIK_CRDS.map(([kind, bytes, file]) => upstreamCrd('traefik.io', kind, bytes, `traefik/traefik.io_${file}.yaml`)),
      ...HUB_KINDS.map((kind) => estimatedCrd('hub.traefik.io', kind, 30000, 'controller-gen output of a Hub API kind, of the order of IngressRoute (15,716) to Middleware (50,463)')),
    ],
    customResources: serviceMonitor ? [MONITORING_KINDS.serviceMonitor] : [],
    webhooks: [],
    scrapes: serviceMonitor ? [{ namespace, port: INGRESS_PORTS.traefik.metrics }] : [],
    pods: [],
    images: [image],
    exemptions: [tagPinnedImage(image)],
  });
}
