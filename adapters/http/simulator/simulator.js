/* The web simulator's client: a WhatsApp-like chat on the console channel. No build step. */
/* global document, window, EventSource, history */
import { renderWhatsApp } from './whatsapp-format.js';

const $ = (id) => document.getElementById(id);
const view = { phone: '', source: null, seen: new Set(), zone: undefined, backlog: null };

function timeLabel(at) {
  const options = { hour: '2-digit', minute: '2-digit', hour12: false };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: view.zone }).format(new Date(at));
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(new Date(at));
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function addBubble(side, text, at, message) {
  const item = element('li', `bubble bubble-${side}`);
  const media = message?.media;
  if (media?.type === 'image') {
    const image = element('img', 'media');
    image.src = media.url;
    image.alt = 'image';
    item.append(image);
  } else if (media) {
    const link = element('a', 'media', `${media.type}: ${media.url}`);
    link.href = media.url;
    item.append(link);
  }
  const body = element('div', 'text');
  body.append(...renderWhatsApp(document, text ?? ''));
  item.append(body);
  if (message?.buttons?.length) {
    const buttons = element('div', 'reply-buttons');
    for (const choice of message.buttons) {
      const button = element('button', 'reply-button', choice.title);
      button.type = 'button';
      button.dataset.id = choice.id;
      button.addEventListener('click', () => sendChoice(choice.id, choice.title));
      buttons.append(button);
    }
    item.append(buttons);
  }
  if (message?.list) {
    const buttons = element('div', 'reply-buttons');
    const open = element('button', 'list-open', `☰ ${message.list.button}`);
    open.type = 'button';
    open.addEventListener('click', () => openPicker(message.list));
    buttons.append(open);
    item.append(buttons);
  }
  const time = element('time', 'time', timeLabel(at));
  time.dateTime = new Date(at).toISOString();
  item.append(time);
  $('messages').append(item);
  item.scrollIntoView({ block: 'end' });
}

function openPicker(list) {
  $('list-title').textContent = list.button;
  const rows = $('list-rows');
  rows.replaceChildren();
  for (const row of list.rows) {
    const button = element('button', 'row', row.title);
    button.type = 'button';
    button.dataset.id = row.id;
    if (row.description) button.append(element('small', '', row.description));
    button.addEventListener('click', () => {
      $('list-picker').close();
      sendChoice(row.id, row.title);
    });
    const item = element('li');
    item.append(button);
    rows.append(item);
  }
  $('list-picker').showModal();
}

function showDelivery(delivery) {
  if (view.backlog) return void view.backlog.push(delivery);
  if (view.seen.has(delivery.providerId)) return;
  view.seen.add(delivery.providerId);
  addBubble('in', delivery.message.text, delivery.at, delivery.message);
  void refreshState();
}

async function post(body) {
  const response = await fetch('/bot/console/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: view.phone, ...body }),
  }).catch((error) => ({ ok: false, json: async () => ({ error: { message: String(error) } }) }));
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    addBubble('note', `Not sent: ${problem.error?.message ?? 'the server refused the message'}`, new Date());
  }
  await refreshState();
}

function sendChoice(id, title) {
  addBubble('out', title, new Date());
  return post({ buttonId: id });
}

async function refreshState() {
  if (!view.phone) return;
  const response = await fetch(`/bot/console/state?${new URLSearchParams({ phone: view.phone })}`);
  const body = await response.json().catch(() => ({}));
  const known = response.ok && body.known !== false;
  if (known && body.timezone !== view.zone) {
    // Times show in the learner's zone; bubbles drawn before it was known are relabelled.
    view.zone = body.timezone;
    for (const time of document.querySelectorAll('.bubble time')) time.textContent = timeLabel(time.dateTime);
  }
  $('state-learner').textContent = body.phone ?? view.phone;
  $('state-path').textContent = known
    ? body.state
    : response.ok
      ? 'no conversation yet'
      : (body.error?.message ?? 'unavailable');
  $('state-turn').textContent = known ? String(body.turn) : '–';
  $('state-course').textContent = known && body.course ? body.course.title : '–';
  $('state-lesson').textContent =
    known && body.lesson ? `${body.lesson.number} of ${body.lesson.of}: ${body.lesson.title}` : '–';
  $('state-timer').textContent =
    known && body.nextTimer ? `${body.nextTimer.local} (${body.nextTimer.name})` : '–';
  $('state-zone').textContent = known ? body.timezone : '–';
  $('state-status').textContent = known ? body.status : '–';
  $('state-raw').textContent = JSON.stringify(body, null, 2);
}

/** Opens the chat of one learner: the stream first, then the history, so nothing falls in between. */
function openChat(phone) {
  view.source?.close();
  view.phone = phone.trim();
  view.seen.clear();
  view.backlog = [];
  $('messages').replaceChildren();
  $('status').textContent = 'connecting…';
  history.replaceState(null, '', `?${new URLSearchParams({ phone: view.phone })}`);
  const source = new EventSource(`/bot/console/stream?${new URLSearchParams({ phone: view.phone })}`);
  view.source = source;
  source.addEventListener('message', (event) => showDelivery(JSON.parse(event.data)));
  source.addEventListener('error', () => ($('status').textContent = 'reconnecting…'));
  source.addEventListener('open', async () => {
    $('status').textContent = `online as ${view.phone}`;
    const response = await fetch(`/bot/console/messages?${new URLSearchParams({ phone: view.phone })}`);
    const earlier = response.ok ? (await response.json()).messages : [];
    const queued = view.backlog ?? [];
    view.backlog = null;
    for (const delivery of [...earlier, ...queued]) showDelivery(delivery);
    document.body.dataset.ready = 'true';
  });
  void refreshState();
}

$('learner-form').addEventListener('submit', (event) => {
  event.preventDefault();
  openChat($('phone').value);
});
$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  $('text').value = '';
  addBubble('out', text, new Date());
  void post({ text });
});
$('state-refresh').addEventListener('click', () => void refreshState());

const asked = new URLSearchParams(window.location.search);
// The dashboard's "Try in simulator" names the lesson to try (?course=&lesson=): say how to reach it.
if (asked.get('course')) {
  const lesson = asked.get('lesson');
  $('trying').textContent =
    `Trying ${lesson ? `lesson "${lesson}" of ` : ''}course "${asked.get('course')}": say hi, pick this ` +
    `course when asked (COURSES lists them), then write NEXT until ${lesson ? 'this lesson' : 'it'} comes.`;
  $('trying').hidden = false;
}
const requested = asked.get('phone');
if (requested) $('phone').value = requested;
openChat($('phone').value);
