import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONTENT_DIR, SCHEMA_DIR } from './sources.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

/** The `*.flow.yaml` conversations sit beside the TypeScript flows; content/ reads them so flows/ does no file I/O. */
export const FLOWS_DIR = join(CONTENT_DIR, '..', 'flows');
export const FLOW_FILE_SUFFIX = '.flow.yaml';

let schema: object | undefined;

/** content/schema/flow.schema.json, read once. */
export const flowSchema = (): object =>
  (schema ??= JSON.parse(readFileSync(join(SCHEMA_DIR, 'flow.schema.json'), 'utf8')) as object);

/** Every `*.flow.yaml` in a folder, parsed (syntax problems only), in name order. */
export function readFlowFiles(dir: string = FLOWS_DIR): YamlSource[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(FLOW_FILE_SUFFIX))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      return parseYaml(relative(process.cwd(), path) || path, readFileSync(path, 'utf8'));
    });
}
