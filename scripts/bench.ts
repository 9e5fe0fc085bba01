import { parseBenchOptions, UsageError, type BenchOptions } from './bench/options.js';
import { runBench, type BenchControls } from './bench/run.js';
import { burstFailed, formatTable } from './bench/stats.js';
import { runBurst } from './bench/burst.js';
import { runTwilioBench } from './bench/twilio.js';
import { leagueBenchCli } from './bench/leagues.js';

function optionsOrExit(): BenchOptions {
  try {
    return parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (!error.message) {
      console.log(error.usage);
      process.exit(0);
    }
    console.error(`${error.message}\n${error.usage}`);
    process.exit(2);
  }
}

// Output piped into `head` that has closed: keep running so the servers stop and the schemas are dropped.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

// `--leagues N`: the league bench (scripts/bench/leagues.ts), on its own.
const leaguesFlag = process.argv.indexOf('--leagues');
if (leaguesFlag >= 0) {
  const value = process.argv[leaguesFlag + 1];
  process.exit(
    await leagueBenchCli(value?.startsWith('--') ? undefined : value, process.argv.includes('--json-only')),
  );
}

const options = optionsOrExit();
const say = (line: string) => {
  if (!options.jsonOnly) console.log(line);
};
say(
  options.defaultDatabase
    ? `DATABASE_URL is not set: using the default ${options.databaseUrl}`
    : `Database: ${options.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}`,
);
// Interrupted: stop sending, stop the servers and drop the schemas; a second signal leaves at once.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(130);
    console.error(`${signal}: stopping and dropping the bench schemas (again to leave at once)`);
    stop.abort();
  });
}
const controls: BenchControls = { progress: (line) => say(`  ${line}`), signal: stop.signal };
/** Runs the bench; interrupted, it leaves with 130 once its servers stopped and its schemas are dropped. */
function interruptible<T>(run: Promise<T>): Promise<T> {
  return run.catch((error: unknown) => {
    if (!stop.signal.aborted) throw error;
    process.exit(130);
  });
}

async function consoleBench(): Promise<void> {
  const result = await interruptible(runBench(options, controls));
  say('');
  say(
    formatTable([
      { name: 'server', summary: result.app.summary },
      { name: 'floor', summary: result.floor.summary },
    ]),
  );
  for (const [name, run] of [
    ['server', result.app],
    ['floor', result.floor],
  ] as const) {
    for (const sample of run.errorSamples) say(`${name} error: ${sample}`);
  }
  const { share_of_floor, p99_ms } = result.json;
  say(
    `\nshare of floor ${share_of_floor} (target >= 0.6), p99 ${p99_ms} ms (target < 50) at ${options.concurrency} in flight`,
  );
  console.log(JSON.stringify(result.json));
  process.exitCode = result.json.errors > 0 || result.floor.summary.errors > 0 ? 1 : 0;
}

async function twilioBench(): Promise<void> {
  const result = await interruptible(runTwilioBench(options, controls));
  say('');
  say(
    formatTable([
      { name: 'end to end', summary: result.endToEnd },
      { name: 'webhook 200', summary: result.ack },
    ]),
  );
  for (const sample of result.errorSamples) say(`error: ${sample}`);
  say(
    `\nend to end = signed webhook sent until the fake Twilio received its reply, ${options.concurrency} learners in flight`,
  );
  console.log(JSON.stringify(result.json));
  process.exitCode = result.json.errors > 0 ? 1 : 0;
}

async function burstBench(): Promise<void> {
  const result = await interruptible(runBurst(options, controls));
  const { json } = result;
  say('');
  say(`busiest second at the fake Twilio  ${json.peak_per_s} sends (WHATSAPP_MPS ${json.mps})`);
  say(`webhooks acknowledged in           ${result.ackSeconds.toFixed(1)} s`);
  say(`every reply sent in                ${json.seconds.toFixed(1)} s`);
  say(`sends                              ${json.sent}`);
  say(`duplicates                         ${json.duplicates}`);
  say(`missing                            ${json.missing}`);
  say(
    `errors                             ${json.errors}${result.unexpected ? ` (${result.unexpected} unexpected replies)` : ''}`,
  );
  for (const sample of result.errorSamples) say(`error: ${sample}`);
  say(
    burstFailed(json)
      ? '\nFAILED: over MPS, or a reply missing or doubled'
      : '\nOK: never over MPS, every reply sent once',
  );
  console.log(JSON.stringify(json));
  process.exitCode = burstFailed(json) ? 1 : 0;
}

await (options.channel === 'console'
  ? consoleBench()
  : options.burst === null
    ? twilioBench()
    : burstBench());
