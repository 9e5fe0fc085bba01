import { runChat as runChatOn, type ChatOptions } from '../../adapters/simulator/chat.js';
import { testDatabase } from './db.js';

export { DEFAULT_CHAT_PHONE, renderDelivery, type ChatOptions } from '../../adapters/simulator/chat.js';

/** The product terminal chat (adapters/simulator) on the tests' database (PostgreSQL when DATABASE_URL is set). */
export const runChat = (options: ChatOptions) =>
  runChatOn({ openDatabase: () => testDatabase(), ...options });
