import type { AppDefinition } from '../app-definition';

/**
 * Who may call whom, computed once per set of apps: every app's NetworkPolicy asks for its
 * callees and validates its callers, and scanning all apps for each app would make synth
 * quadratic in the number of apps.
 */
export class AppCallGraph {
  private static readonly cache = new WeakMap<readonly AppDefinition[], AppCallGraph>();

  /** The graph of this exact list of apps (built on first use, then shared by every app chart). */
  static of(apps: readonly AppDefinition[]): AppCallGraph {
    let graph = AppCallGraph.cache.get(apps);
    if (!graph) {
      graph = new AppCallGraph(apps);
      AppCallGraph.cache.set(apps, graph);
    }
    return graph;
  }

  private readonly names: ReadonlySet<string>;
  private readonly callees = new Map<string, AppDefinition[]>();

  private constructor(apps: readonly AppDefinition[]) {
    this.names = new Set(apps.map((a) => a.name));
    for (const app of [...apps].sort((a, b) => a.name.localeCompare(b.name))) {
      for (const caller of app.callers ?? []) {
        const list = this.callees.get(caller) ?? [];
        list.push(app);
        this.callees.set(caller, list);
      }
    }
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** All app names, sorted (for "expected one of" messages). */
  sortedNames(): string[] {
    return [...this.names].sort();
  }

  /** Apps that list `name` among their callers, sorted by name. */
  calleesOf(name: string): readonly AppDefinition[] {
    return this.callees.get(name) ?? [];
  }
}
