import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, readBody } from '../../scripts/bench/loopback.js';

/** A Chat Completions request as the fake received it. */
export interface FakeOpenAiRequest {
  model: string;
  messages: { role: string; content: string }[];
  maxTokens?: number;
  authorization: string;
}

/** What the fake does with the next request: the script is consumed in order, then `answer` repeats. */
export type FakeOpenAiStep =
  | { answer: string }
  | { status: 429 | 500 | 502 | 503 | 400 | 401; retryAfterMs?: number }
  /** Never answers (the client's timeout fires); the connection closes when the fake stops. */
  | { hang: true }
  /** 200 with a body that is not the Chat Completions format. */
  | { malformed: 'not-json' | 'no-choices' | 'empty-content' };

export type FakeOpenAiAnswer = (request: FakeOpenAiRequest) => string;

/** Roughly how OpenAI counts: a token is about four characters. */
const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/**
 * A loopback OpenAI-compatible server speaking the Chat Completions wire format (with `usage`),
 * driven through the real `openai` package. Scriptable per request; records every request, so a
 * test asserts exactly what was sent to the model.
 */
export class FakeOpenAi {
  readonly requests: FakeOpenAiRequest[] = [];
  private readonly server = new LoopbackServer();
  private readonly script: FakeOpenAiStep[] = [];
  private answer: FakeOpenAiAnswer;
  private hanging: ServerResponse[] = [];
  url = '';

  constructor(answer: FakeOpenAiAnswer = () => 'A fake answer.') {
    this.answer = answer;
  }

  /** The base URL to give the client (`OPENAI_BASE_URL`). */
  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  async start(): Promise<this> {
    this.url = await this.server.start(
      (req, res) => this.handle(req, res),
      (res, error) => this.json(res, 500, { error: { message: String(error), type: 'server_error' } }),
    );
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging = [];
    await this.server.stop();
  }

  /** The next requests' behaviours, in order. */
  queue(...steps: FakeOpenAiStep[]): this {
    this.script.push(...steps);
    return this;
  }

  /** How requests after the script are answered. */
  answers(answer: FakeOpenAiAnswer): this {
    this.answer = answer;
    return this;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      this.json(res, 404, {
        error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' },
      });
      return;
    }
    const body = JSON.parse(await readBody(req)) as {
      model: string;
      messages: { role: string; content: string }[];
      max_tokens?: number;
    };
    const request: FakeOpenAiRequest = {
      model: body.model,
      messages: body.messages,
      ...(body.max_tokens !== undefined ? { maxTokens: body.max_tokens } : {}),
      authorization: req.headers.authorization ?? '',
    };
    this.requests.push(request);
    const step = this.script.shift() ?? { answer: this.answer(request) };
    if ('hang' in step) {
      this.hanging.push(res);
      return;
    }
    if ('status' in step) {
      if (step.retryAfterMs !== undefined) res.setHeader('retry-after-ms', String(step.retryAfterMs));
      this.json(res, step.status, {
        error: {
          message: `scripted ${step.status}`,
          type: step.status === 429 ? 'rate_limit_exceeded' : 'server_error',
        },
      });
      return;
    }
    if ('malformed' in step) {
      if (step.malformed === 'not-json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "chatcmpl-1", "choices": [');
        return;
      }
      const choices =
        step.malformed === 'no-choices'
          ? []
          : [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'stop' }];
      this.json(res, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 0,
        model: body.model,
        choices,
      });
      return;
    }
    const prompt = body.messages.map((m) => m.content).join('\n');
    const usage = { prompt_tokens: tokens(prompt), completion_tokens: tokens(step.answer) };
    this.json(res, 200, {
      id: `chatcmpl-fake-${this.requests.length}`,
      object: 'chat.completion',
      created: 0,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: step.answer }, finish_reason: 'stop' }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
