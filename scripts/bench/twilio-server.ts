import { FakeTwilio, type FakeTwilioMessage } from './fake-twilio.js';
import { fixtureMessages, whatsappRegistry } from './whatsapp-flow.js';
import { listen, openBenchRuntime } from './servers.js';

/** The sender number the bench's replies come from. */
export const BENCH_SENDER = 'whatsapp:+14155238886';

export interface TwilioServer {
  /** POST /webhooks/twilio on the real server; also the public URL its signatures are checked against. */
  webhookUrl: string;
  fake: FakeTwilio;
  stop(): Promise<void>;
}

/**
 * The real server on WHATSAPP_CHANNEL=twilio, replying through the twilio package to a fake
 * Twilio on loopback. The flows are the WhatsApp test fixture: a welcome for a learner's first
 * message, then exactly one echo per message. The HTTP server starts first so PUBLIC_BASE_URL
 * (which signatures cover) is known; `onReply` sees every send the fake accepts.
 */
export async function startTwilioServer(options: {
  url: string;
  schema: string;
  max: number;
  mps: number;
  onReply: (message: FakeTwilioMessage) => void;
}): Promise<TwilioServer> {
  const fake = await new FakeTwilio({ onMessage: options.onReply, keepMessages: false }).start();
  let app: { fetch: (request: Request) => Response | Promise<Response> } | null = null;
  const http = await listen({
    fetch: (request) => (app ? app.fetch(request) : new Response('starting', { status: 503 })),
  });
  try {
    const { runtime, flushLogs } = await openBenchRuntime(
      options,
      {
        WHATSAPP_CHANNEL: 'twilio',
        TWILIO_ACCOUNT_SID: fake.accountSid,
        TWILIO_AUTH_TOKEN: fake.authToken,
        TWILIO_WHATSAPP_FROM: BENCH_SENDER,
        TWILIO_API_BASE_URL: fake.url,
        PUBLIC_BASE_URL: http.baseUrl,
        WHATSAPP_MPS: String(options.mps),
      },
      { registry: whatsappRegistry(), messages: fixtureMessages() },
    );
    app = runtime.app;
    return {
      webhookUrl: `${http.baseUrl}/webhooks/twilio`,
      fake,
      async stop() {
        await http.close();
        await runtime.stop();
        await fake.stop();
        flushLogs();
      },
    };
  } catch (error) {
    await http.close();
    await fake.stop();
    throw error;
  }
}
