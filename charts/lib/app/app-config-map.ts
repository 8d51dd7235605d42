import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { AppContext } from './app-context';

/** The app's non-secret environment (definitions reject secret-looking names). */
export class AppConfigMap extends Construct {
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, context: AppContext, data: Readonly<Record<string, string>>) {
    super(scope, id);
    const { app, labels } = context;
    this.name = app.name;
    this.data = data;
    new k8s.KubeConfigMap(this, 'resource', { metadata: { name: app.name, labels: { ...labels } }, data: { ...data } });
  }
}
