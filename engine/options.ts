/** What the engine is built from: its ports, the flows, and how it reports and schedules. */
import type { Clock, Ids, Messages, OutboundMessage, Scheduler, Services, Store } from './ports.js';
import type { FlowRegistry } from './registry.js';

export interface EngineLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface EngineOptions {
  registry: FlowRegistry;
  store: Store;
  scheduler: Scheduler;
  clock: Clock;
  ids: Ids;
  messages: Messages;
  /** Name of the channel outbound rows go to (console, twilio, meta). */
  channel: string;
  /** The channel's formatter: one message as the parts it is sent in (split text, laid-out choices). */
  format?: (message: OutboundMessage) => OutboundMessage[];
  services?: Services;
  logger?: EngineLogger;
  /** Called after a turn committed outbox rows, so the sender can run at once. */
  onOutbox?: () => void;
  settleTimeoutMs?: number;
  /** Don't make receive() wait for after-commit work (scheduling timer jobs, service calls). */
  afterCommitInBackground?: boolean;
}
