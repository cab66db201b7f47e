// The target systems this deployment provisions into, by system name ('m365', 'google', 'scim:<app>').
import { ApplicationFailure } from '@temporalio/common';
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
    // A system with no connector cannot be served by retrying: the step fails at once and says why.
    if (!c) {
      throw ApplicationFailure.create({
        type: 'SystemNotConfigured', nonRetryable: true,
        message: `no connector is configured for system '${system}' (configured: ${this.systems().join(', ') || 'none'})`,
      });
    }
    return c;
  }

  has(system: string): boolean {
    return this.bySystem.has(system);
  }
}
