import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

/**
 * Setup file of the `unit` project (vitest.config.ts): a unit test that opens a socket, listens,
 * starts a process or opens a test database fails at once and says which project it belongs in,
 * so the fast loop stays fast and needs no PostgreSQL or Redis.
 */
export const UNIT_PROJECT_ENV = 'LEARNLOOP_UNIT_PROJECT';
process.env[UNIT_PROJECT_ENV] = '1';

export function notInUnitTests(what: string): Error {
  return new Error(
    `${what} in the unit project: rename the test file to *.db.test.ts (database) or *.int.test.ts ` +
      '(servers, Redis, child processes); see docs/testing.md',
  );
}

function refuse(what: string) {
  return () => {
    throw notInUnitTests(what);
  };
}

net.Socket.prototype.connect = refuse('a network connection');
net.Server.prototype.listen = refuse('a listening server');
const processes = childProcess as unknown as Record<string, unknown>;
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  processes[name] = refuse(`child_process.${name}()`);
}
syncBuiltinESMExports();
