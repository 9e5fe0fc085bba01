import type { Config } from '../config/index.js';
import type { Clock } from '../../engine/ports.js';
import { darajaClient } from './daraja.js';
import type { MpesaGateway } from './gateway.js';
import { simulatedMpesa, unconfiguredMpesa } from './simulated.js';

/** The path Daraja posts STK results to; the secret is the only guard (callbacks are unsigned). */
export const mpesaCallbackPath = (secret: string) => `/webhooks/mpesa/${secret}`;

/** Daraja when MPESA_* is set; otherwise the simulated M-PESA, or none at all in production. */
export function mpesaGateway(
  config: Pick<Config, 'mpesa' | 'env' | 'publicBaseUrl'>,
  clock: Clock,
  log?: (message: string, detail: Record<string, unknown>) => void,
): MpesaGateway {
  if (!config.mpesa) return config.env === 'production' ? unconfiguredMpesa : simulatedMpesa();
  const { mpesa } = config;
  const callbackUrl = `${config.publicBaseUrl.replace(/\/$/, '')}${mpesaCallbackPath(mpesa.callbackSecret)}`;
  return darajaClient({
    baseUrl: mpesa.baseUrl,
    consumerKey: mpesa.consumerKey,
    consumerSecret: mpesa.consumerSecret,
    shortcode: mpesa.shortcode,
    passkey: mpesa.passkey,
    callbackUrl,
    initiator: mpesa.initiator,
    securityCredential: mpesa.securityCredential,
    reversalResultUrl: `${callbackUrl}/reversal`,
    timeoutMs: mpesa.timeoutMs,
    clock,
    log,
  });
}
