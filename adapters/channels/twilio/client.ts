import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

const TWILIO_HOST = /^https:\/\/[a-z0-9.-]*twilio\.com/;

/**
 * The twilio package's HTTP client, sending every API call (Messages, Content) to `baseUrl`
 * instead of *.twilio.com when one is configured: tests and the benchmark point it at a fake
 * Twilio on loopback and still exercise the real client library and wire format.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ keepAlive: true, timeout: 15_000 });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({
      ...opts,
      uri: opts.uri.replace(TWILIO_HOST, this.baseUrl.replace(/\/$/, '')),
    });
  }
}

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  apiBaseUrl: string;
}

export function twilioClient(credentials: TwilioCredentials): twilio.Twilio {
  const custom = !TWILIO_HOST.test(credentials.apiBaseUrl);
  return twilio(credentials.accountSid, credentials.authToken, {
    ...(custom ? { httpClient: new BaseUrlRequestClient(credentials.apiBaseUrl) } : {}),
    autoRetry: false,
  });
}
