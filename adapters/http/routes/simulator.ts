import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>LearnLoop simulator</title></head>
<body><h1>LearnLoop simulator</h1><form id="f"><input id="phone" value="+254700000001"><input id="text"><button>Send</button></form>
<div id="log"></div><script>
const log = document.getElementById('log');
let source;
function listen(phone){ source?.close(); source = new EventSource('/bot/console/stream?phone=' + encodeURIComponent(phone));
  source.addEventListener('message', (e) => { const d = JSON.parse(e.data); const p = document.createElement('p'); p.textContent = 'bot: ' + d.message.text; log.append(p); }); }
document.getElementById('f').addEventListener('submit', async (e) => { e.preventDefault();
  const phone = document.getElementById('phone').value, text = document.getElementById('text').value;
  if (!source) listen(phone);
  const p = document.createElement('p'); p.textContent = 'you: ' + text; log.append(p);
  await fetch('/bot/console/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: phone, text }) }); });
</script></body></html>`;

/** GET /simulator: a chat page on the console channel. */
export function mountSimulator(app: Hono<AppEnv>): void {
  app.get('/simulator', (c) => c.html(PAGE));
}
