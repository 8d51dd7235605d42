import type { EnvironmentConfig } from '../../../src/config/environment-config';
import type { AppSettings, ImageRef } from '../../../src/config/overlay-schemas';
import type { AppDefinition } from '../app-definition';
import { appLabels, selectorLabels } from '../labels';

/** Named ports: probes, the Service, NetworkPolicies and the ServiceMonitor refer to them. */
export const HTTP_PORT_NAME = 'http';
export const METRICS_PORT_NAME = 'metrics';
/** The Service's HTTP port; callers use http://<app>.<app>.svc/ whatever port the container listens on. */
export const SERVICE_HTTP_PORT = 80;

/**
 * Everything the object constructs of one app in one environment share, resolved once: the
 * definition, this environment's overlay values and the labels. The image is this app's own
 * entry only, so no other app's digest can reach its rendered output.
 */
export interface AppContext {
  readonly app: AppDefinition;
  readonly environment: EnvironmentConfig;
  readonly settings: AppSettings;
  readonly image: ImageRef;
  /** Labels on every object of the app. */
  readonly labels: Readonly<Record<string, string>>;
  /** The immutable pod selector (never a construct-path hash). */
  readonly selector: Readonly<Record<string, string>>;
}

export function appContext(app: AppDefinition, environment: EnvironmentConfig): AppContext {
  const settings = environment.apps[app.name];
  const image = environment.images[app.name];
  // The overlay loader cross-checks both files against the app catalog; this guards direct use.
  if (!settings) throw new Error(`overlays/${environment.name}/apps.yaml: apps.${app.name} is missing, expected the app's settings`);
  if (!image) throw new Error(`overlays/${environment.name}/images.yaml: images.${app.name} is missing, expected repository and digest`);
  return { app, environment, settings, image, labels: appLabels(app.name, app.team), selector: selectorLabels(app.name) };
}

/** Whether metrics are served on a port of their own (else on the HTTP port). */
export function hasSeparateMetricsPort(app: AppDefinition): boolean {
  return app.metricsPort !== undefined && app.metricsPort !== app.port;
}
