export * from './users.js';
export * from './admins.js';
export * from './conversations.js';
export * from './messages.js';
export * from './timers.js';
export * from './delivery.js';
export * from './files.js';
export * from './progress.js';
