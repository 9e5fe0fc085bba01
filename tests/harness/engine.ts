import { engineStore } from '../../db/repositories/engine-store.js';
import { counterIds, systemClock } from '../../engine/clock.js';
import { Engine } from '../../engine/engine.js';
import type { Clock, Messages, OutboundMessage, Scheduler, Services } from '../../engine/ports.js';
import type { FlowRegistry } from '../../engine/registry.js';
import type { DatabaseHandle } from '../../db/client.js';

export const noScheduler: Scheduler = { schedule: async (t) => `test:${t.id}`, cancel: async () => {} };

/** An engine on a given database with test parts; several may share one database like processes do. */
export function testEngine(
  database: DatabaseHandle,
  parts: {
    registry: FlowRegistry;
    messages: Messages;
    clock?: Clock;
    scheduler?: Scheduler;
    idPrefix?: string;
    channel?: string;
    format?: (message: OutboundMessage) => OutboundMessage[];
    services?: Services;
  },
): Engine {
  return new Engine({
    registry: parts.registry,
    store: engineStore(database.db),
    scheduler: parts.scheduler ?? noScheduler,
    clock: parts.clock ?? systemClock,
    ids: counterIds(parts.idPrefix ?? 'timer'),
    messages: parts.messages,
    channel: parts.channel ?? 'console',
    format: parts.format,
    services: parts.services,
  });
}
