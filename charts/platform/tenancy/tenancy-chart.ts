import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../src/config/environment-config';
import type { AppDefinition } from '../../lib/app-definition';
import { secretDelivery } from '../../lib/app/secret-delivery';
import { DistChart } from '../../lib/dist-chart';
import { capacityProblems } from './tenant-capacity';
import { KubeObjects } from '../../lib/kube-objects';
import { addTenantNamespace } from './tenant-namespace';

export interface TenancyChartProps {
  readonly environment: EnvironmentConfig;
  readonly apps: readonly AppDefinition[];
}

/**
 * The namespaces applications run in and their baseline, owned by the platform (not by the
 * app's own Application) so that teams cannot loosen their own guard rails. Derived from the
 * app definitions and the overlay's teams, never listed by hand.
 */
export class TenancyChart extends DistChart {
  constructor(scope: Construct, props: TenancyChartProps) {
    // Wave -2: namespaces exist before anything is synced into them.
    super(scope, 'tenancy', { layer: 'platform', syncWave: -2 });
    const { environment } = props;
    const { platform } = environment;
    const problems: string[] = [];
    // Held as data, not a construct each: several objects per app (kube-objects.ts).
    const objects = KubeObjects.of(this);
    for (const app of [...props.apps].sort((a, b) => a.name.localeCompare(b.name))) {
      const team = platform.teams[app.team];
      if (!team) {
        problems.push(`overlays/${environment.name}/platform.yaml: teams.${app.team}: missing, app '${app.name}' belongs to team '${app.team}', expected an entry teams.${app.team} with its groups`);
        continue;
      }
      const settings = environment.apps[app.name];
      if (settings) problems.push(...capacityProblems(app, settings, platform.tenancy, environment.name));
      addTenantNamespace(objects, {
        app,
        tenancy: platform.tenancy,
        groups: team.groups,
        readsVault: secretDelivery(app, platform) === 'external-secrets',
      });
    }
    if (problems.length > 0) throw new Error(`tenancy baseline of ${environment.name}:\n  ${problems.join('\n  ')}`);
  }
}
