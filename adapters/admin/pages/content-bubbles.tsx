import type { Child } from 'hono/jsx';
import type { OutboundMessage } from '../../../engine/ports.js';
// @ts-expect-error: plain browser JS the simulator page uses, with no type declarations.
import { parseWhatsApp } from '../../http/simulator/whatsapp-format.js';

interface FormatNode {
  type: 'text' | 'link' | 'bold' | 'italic' | 'strike' | 'mono' | 'code';
  text?: string;
  href?: string;
  children?: FormatNode[];
}

/** WhatsApp's *bold*, _italic_, ~strike~ and monospace, read by the simulator's own parser. */
export function Formatted({ text }: { text: string }) {
  const build = (node: FormatNode): Child => {
    const inner = node.children ? node.children.map(build) : node.text;
    switch (node.type) {
      case 'text':
        return node.text;
      case 'link':
        return <span class="link">{node.text}</span>;
      case 'bold':
        return <strong>{inner}</strong>;
      case 'italic':
        return <em>{inner}</em>;
      case 'strike':
        return <s>{inner}</s>;
      case 'mono':
        return <pre>{inner}</pre>;
      case 'code':
        return <code>{inner}</code>;
    }
  };
  return <>{(parseWhatsApp(text) as FormatNode[]).map(build)}</>;
}

const MEDIA_LABELS = { image: 'Picture', audio: 'Sound', video: 'Video', document: 'Document' };

/** One bot message as a WhatsApp bubble: media, text, then its reply buttons or list. */
function Bubble({ message }: { message: OutboundMessage }) {
  return (
    <li class="bubble">
      {message.media && (
        <p class="bubble-media">
          {MEDIA_LABELS[message.media.type]}: <span class="url">{message.media.url}</span>
        </p>
      )}
      {message.text && (
        <div class="bubble-text">
          <Formatted text={message.text} />
        </div>
      )}
      {message.buttons && (
        <ul class="bubble-buttons" aria-label="Reply buttons">
          {message.buttons.map((button) => (
            <li>{button.title}</li>
          ))}
        </ul>
      )}
      {message.list && (
        <div class="bubble-list">
          <p class="bubble-buttons-one">☰ {message.list.button}</p>
          <ul aria-label="List rows">
            {message.list.rows.map((row) => (
              <li>
                {row.title}
                {row.description && <span class="muted"> · {row.description}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

/** The messages a learner gets, as a WhatsApp chat. */
export function Bubbles({ messages }: { messages: OutboundMessage[] }) {
  if (messages.length === 0) return <p class="muted">Learners do not get this lesson (it is archived).</p>;
  return (
    <ol class="chat" aria-label="Messages as WhatsApp shows them">
      {messages.map((message) => (
        <Bubble message={message} />
      ))}
    </ol>
  );
}
