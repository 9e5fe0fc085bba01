import { parseArgs } from 'node:util';
import { normalizePhone } from '../adapters/http/phone.js';
import { DEFAULT_CHAT_PHONE, runChat } from '../adapters/simulator/chat.js';

/** `npm run chat -- [--phone +2547…] [--start 2026-03-02T04:00:00Z]`: chat as a learner in the terminal. */
const { values } = parseArgs({
  options: { phone: { type: 'string', default: DEFAULT_CHAT_PHONE }, start: { type: 'string' } },
  allowPositionals: false,
});
try {
  await runChat({
    input: process.stdin,
    output: process.stdout,
    phone: normalizePhone(values.phone ?? DEFAULT_CHAT_PHONE),
    start: values.start,
    prompt: process.stdin.isTTY === true,
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
process.exit(0);
