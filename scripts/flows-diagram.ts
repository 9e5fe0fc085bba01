import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowDoc } from '../engine/flow-compiler/index.js';
import { createFlowRegistry } from '../flows/index.js';

/** `npm run flows:diagram`: a Mermaid state diagram of every registered flow in docs/flows/<id>.md. */
const DIR = join('docs', 'flows');
mkdirSync(DIR, { recursive: true });
const flows = createFlowRegistry().list();
for (const flow of flows) {
  writeFileSync(join(DIR, `${flow.id}.md`), flowDoc(flow));
  console.log(`${join(DIR, `${flow.id}.md`)}`);
}
// A flow that is gone takes its diagram with it.
const current = new Set(flows.map((flow) => `${flow.id}.md`));
for (const file of readdirSync(DIR).filter((f) => f.endsWith('.md') && !current.has(f))) {
  rmSync(join(DIR, file));
  console.log(`removed ${join(DIR, file)}`);
}
