import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testDatabase } from './db.js';

// This file is in the unit project: the guard (tests/harness/unit-guard.ts) is loaded before it.
describe('the unit project refuses I/O and names the file suffix that allows it', () => {
  const rename = /in the unit project: rename the test file to \*\.db\.test\.ts/;

  it('refuses a listening server and an outgoing connection', () => {
    expect(() => createServer().listen(0, '127.0.0.1')).toThrow(/^a listening server in the unit project/);
    expect(() => connect(6379, '127.0.0.1')).toThrow(/^a network connection in the unit project/);
  });

  it('refuses child processes, also through named ESM imports', () => {
    expect(() => spawn(process.execPath, ['-e', ''])).toThrow(
      /^child_process\.spawn\(\) in the unit project/,
    );
    expect(() => execFileSync(process.execPath, ['-e', ''])).toThrow(rename);
  });

  it('refuses a test database', async () => {
    await expect(testDatabase('pglite')).rejects.toThrow(rename);
  });
});
