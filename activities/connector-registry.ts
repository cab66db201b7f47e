// The target systems this deployment provisions into, by system name ('m365', 'google', 'scim:<app>').
import type { Connector } from '../connectors/types';

export class ConnectorRegistry {
  private readonly bySystem = new Map<string, Connector>();

  constructor(connectors: Connector[]) {
    for (const c of connectors) this.bySystem.set(c.system, c);
  }

  systems(): string[] {
    return [...this.bySystem.keys()];
  }

  get(system: string): Connector {
    const c = this.bySystem.get(system);
    if (!c) throw new Error(`no connector configured for system '${system}'`);
    return c;
  }

  has(system: string): boolean {
    return this.bySystem.has(system);
  }
}
