import { readFileSync, rmSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../harness/chat.js';

/** Pipes the lines into the terminal chat and returns everything it printed. */
async function chat(lines: string[], options: { phone?: string } = {}): Promise<string> {
  const input = new PassThrough();
  let printed = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed += chunk.toString();
      done();
    },
  });
  input.end(lines.map((line) => `${line}\n`).join(''));
  await runChat({ input, output, ...options });
  return printed;
}

describe('npm run chat (runChat)', () => {
  it('shows buttons as numbered options, maps a number to the button, and advances the simulated clock', async () => {
    const out = await chat(['hi', 'Amina', '/state', '1', '1', '1', '1', '/advance 1d']);
    expect(out).toContain('Chatting as +254700000001; simulated time Mon 2 Mar 2026 07:00 (Africa/Nairobi)');
    expect(out).toContain('bot [07:00]: Welcome to LearnLoop!');
    expect(out).toContain(
      'bot [07:00]: Nice to meet you, Amina! Which language would you like to learn in?\n  Nafurahi kukufahamu, Amina! Ungependa kujifunza kwa lugha gani?\n  1. English\n  2. Kiswahili\n',
    );
    expect(out).toContain('state: onboarding.askLanguageBoth (turn 2)\n');
    expect(out).toContain(
      '(tapped: English)\nbot [07:00]: Great! Which course would you like to start with?',
    );
    expect(out).toContain('(tapped: Morning 07:30)');
    expect(out).toContain('You seem to be in Nairobi time');
    expect(out).toContain('~ now Tue 3 Mar 2026 07:00 (Africa/Nairobi)');
    // The first lesson came at 07:30 on the first day, then its quiz's reminder two hours later.
    expect(out).toContain('bot [07:30]: Hello, Amina! 📚 Lesson 1 of 6');
    // Reminders vary their wording (issue 11): whichever comes, it names the lesson's quiz.
    expect(out).toMatch(
      /bot \[09:30\]: [^\n]*Amina[^\n]*quiz[^\n]*"[^"]+"|bot \[09:30\]: [^\n]*"[^"]+"[^\n]*quiz/,
    );
  });

  it('maps a title (any case) or an id to the button, and sends other text as text', async () => {
    const out = await chat(['hi', 'Baraka', 'kiswahili', 'MENU', 'money-basics'], {
      phone: '+254700000009',
    });
    expect(out).toContain('Chatting as +254700000009');
    expect(out).toContain('Nice to meet you, Baraka!');
    expect(out).toContain('(tapped: Kiswahili)');
    // MENU before onboarding is done says so and asks the course question again; its id answers it.
    expect(out).toMatch(/kukuandikisha[^\n]*\nbot \[07:00\]: Vizuri! Ungependa kuanza na kozi gani\?/);
    expect(out).toMatch(/\(tapped: [^)]+\)\nbot \[07:00\]: [^\n]*(somo|Somo)/);
  });

  it('explains bad commands and delays, resets to an empty database, and stops at /quit', async () => {
    const out = await chat([
      '/help',
      '/advance soon',
      '/bogus',
      'hi',
      '/reset',
      '/state',
      '/advance 2h',
      '/quit',
      'hello',
    ]);
    expect(out).toContain('/advance 1d   move the simulated clock');
    expect(out).toContain('"soon" is not a delay');
    expect(out).toContain('unknown command /bogus: /help lists the commands');
    expect(out.match(/Chatting as/g)).toHaveLength(2);
    expect(out).toContain('state: no conversation yet');
    expect(out).toContain('~ now Mon 2 Mar 2026 09:00 (Africa/Nairobi)\n(no messages)\n');
    // After /quit nothing else is sent: the only greeting is the one before /reset.
    expect(out.match(/Welcome to LearnLoop/g)).toHaveLength(1);
  });

  it('delivers EXPORT in the terminal: the PDF is saved where the person at the keyboard can open it (issue 11)', async () => {
    const out = await chat(['hi', 'Asha', '1', '1', '1', '1', 'EXPORT'], { phone: '+254700000017' });
    expect(out).toContain('The file will come here in a moment.');
    expect(out).toMatch(
      /\[document: http:\/\/localhost:3000\/files\/[\w-]+\/learnloop-export-2026-03-02\.pdf\]/,
    );
    const saved = /\(saved as (\S+learnloop-export-2026-03-02\.pdf)\)/.exec(out)?.[1];
    expect(saved).toBeDefined();
    expect(readFileSync(saved!).subarray(0, 5).toString()).toBe('%PDF-');
    rmSync(saved!);
    expect(out).not.toMatch(/\.json/);
  });
});
