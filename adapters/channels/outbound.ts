import type { DatabaseHandle } from '../../db/client.js';
import { deliveryStore } from '../../db/repositories/delivery.js';
import type { Channel } from '../../engine/ports.js';
import type { Cache } from '../cache/index.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../logger.js';
import { ConsoleChannel } from './console.js';
import { MetaChannel } from './meta/channel.js';
import { graphVersionNotice } from './meta/graph-versions.js';
import { loadTemplateCatalog, type TemplateCatalog } from './templates.js';
import { TwilioChannel } from './twilio/channel.js';

/**
 * The channels a runtime sends on: the console (always: the web simulator and `npm run chat`) and
 * the WhatsApp provider WHATSAPP_CHANNEL names, if any; `outbound` is where turns' messages go.
 */
export function outboundChannels(
  config: Config,
  parts: { cache: Cache; database: DatabaseHandle; logger: Logger; templates?: TemplateCatalog },
): { console: ConsoleChannel; outbound: Channel } {
  const consoleChannel = new ConsoleChannel();
  const templates = () => parts.templates ?? loadTemplateCatalog();
  const whatsapp = config.twilio
    ? new TwilioChannel({
        ...config.twilio,
        statusCallbackUrl: `${config.publicBaseUrl.replace(/\/$/, '')}/webhooks/twilio/status`,
        templates: templates(),
        cache: parts.cache,
      })
    : config.meta
      ? new MetaChannel({
          ...config.meta,
          apiVersion: config.metaApiVersion,
          templates: templates(),
          findEchoed: (outboxId) => deliveryStore(parts.database.db).echoedProviderId('meta', outboxId),
        })
      : null;
  const graphNotice = config.meta && graphVersionNotice(config.metaApiVersion, new Date());
  if (graphNotice) parts.logger[graphNotice.level](graphNotice.message);
  return { console: consoleChannel, outbound: whatsapp ?? consoleChannel };
}
