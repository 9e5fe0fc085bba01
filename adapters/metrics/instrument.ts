import type { QueryObserver } from '../../db/client.js';
import type { Engine } from '../../engine/engine.js';
import { ChannelError, type Channel } from '../../engine/ports.js';
import type { ChatModel } from '../ai/model.js';
import type { Logger } from '../logger.js';
import type { MpesaGateway } from '../payments/gateway.js';
import type { Metrics } from './registry.js';

const seconds = (started: number) => (performance.now() - started) / 1000;

/**
 * Times every `engine.receive` (webhooks, timers, services all enter there): the engine stays pure,
 * this wraps it at the edge. Outcome: processed, duplicate (already stored), or error.
 */
export function measureTurns(engine: Engine, metrics: Metrics): Engine {
  const receive = engine.receive.bind(engine);
  engine.receive = async (event, options) => {
    const started = performance.now();
    try {
      const accepted = await receive(event, options);
      metrics.turns.observe(
        { kind: event.type, outcome: accepted.duplicate ? 'duplicate' : 'processed' },
        seconds(started),
      );
      return accepted;
    } catch (error) {
      metrics.turns.observe({ kind: event.type, outcome: 'error' }, seconds(started));
      throw error;
    }
  };
  return engine;
}

/** Counts each send by channel and status: sent, retry (429/5xx), failed (permanent), uncertain (no answer). */
export function measuredChannel(channel: Channel, metrics: Metrics): Channel {
  const count = (status: string) => metrics.sends.inc({ channel: channel.name, status });
  return {
    name: channel.name,
    window: channel.window,
    ...(channel.findSent ? { findSent: channel.findSent.bind(channel) } : {}),
    async send(...args) {
      try {
        const sent = await channel.send(...args);
        count('sent');
        return sent;
      } catch (error) {
        if (!(error instanceof ChannelError)) count('error');
        else count(error.uncertain ? 'uncertain' : error.retry ? 'retry' : 'failed');
        throw error;
      }
    },
  };
}

/** Counts tutor model calls by outcome: ok, or the typed failure (timeout, rate_limited …). */
export function measuredModel(model: ChatModel, metrics: Metrics): ChatModel {
  return {
    name: model.name,
    async complete(...args) {
      const result = await model.complete(...args);
      metrics.tutorCalls.inc({ outcome: result.ok ? 'ok' : result.reason });
      return result;
    },
  };
}

/** Counts M-PESA calls by call and outcome (ok, refused, final, pending, error). */
export function measuredGateway(gateway: MpesaGateway, metrics: Metrics): MpesaGateway {
  const counted = async <T>(call: string, work: Promise<T>, outcome: (result: T) => string) => {
    try {
      const result = await work;
      metrics.paymentCalls.inc({ call, outcome: outcome(result) });
      return result;
    } catch (error) {
      metrics.paymentCalls.inc({ call, outcome: 'error' });
      throw error;
    }
  };
  return {
    simulated: gateway.simulated,
    firstCheckAfterMs: gateway.firstCheckAfterMs,
    stkPush: (request) => counted('stk_push', gateway.stkPush(request), (r) => (r.ok ? 'ok' : 'refused')),
    stkQuery: (id) => counted('stk_query', gateway.stkQuery(id), (r) => r.kind),
    reverse: (request) => counted('reversal', gateway.reverse(request), (r) => (r.ok ? 'ok' : 'refused')),
  };
}

/**
 * A statement's shape for the log: string and number literals become `?`, whitespace one space,
 * at most 500 characters. Bound parameters ($1 …) are never seen here; this strips inlined ones.
 */
export function statementShape(statement: string): string {
  const shape = statement
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/(?<![\w$])-?\d+(?:\.\d+)?\b/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
  return shape.length > 500 ? `${shape.slice(0, 500)}…` : shape;
}

/** Times every statement; one warning line for each slower than `slowMs` (0: no log). */
export function statementObserver(metrics: Metrics, logger: Logger, slowMs: number): QueryObserver {
  const log = logger.child({ part: 'database' });
  return {
    started(statement) {
      const started = performance.now();
      metrics.statementsInFlight.inc();
      return (failed) => {
        const ms = performance.now() - started;
        metrics.statementsInFlight.dec();
        metrics.statements.observe({ outcome: failed ? 'error' : 'ok' }, ms / 1000);
        if (slowMs > 0 && ms >= slowMs) {
          metrics.slowStatements.inc();
          log.warn({ durationMs: Math.round(ms), statement: statementShape(statement) }, 'slow statement');
        }
      };
    },
  };
}
