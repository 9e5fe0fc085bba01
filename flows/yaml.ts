import { FLOW_FILE_SUFFIX as SUFFIX, FLOWS_DIR, flowSchema, readFlowFiles } from '../content/flow-files.js';
import { loadCatalog, type Catalog } from '../content/messages.js';
import { checkSchema, formatProblem, type Problem, type YamlSource } from '../content/yaml-source.js';
import { checkFlow, compileFlow, type FlowExtensions, type FlowSpec } from '../engine/flow-compiler/index.js';
import type { FlowDefinition } from '../engine/registry.js';
import { shortenedChoiceTitles } from './choice-titles.js';
import { contentCatalog } from './content-catalog.js';
import { createFlowExtensions } from './onboarding-finish.js';

export { FLOWS_DIR };

/** A path's last part, less `suffix` (node:path's basename; flows/ stays free of node built-ins). */
function basename(path: string, suffix = ''): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return suffix && name.endsWith(suffix) && name !== suffix ? name.slice(0, -suffix.length) : name;
}

export interface YamlFlowOptions {
  /** Folder of `*.flow.yaml` files (flows/ by default). */
  dir?: string;
  /** Flows defined in TypeScript, which a `start` step may name too. */
  otherFlows?: string[];
  catalog?: Catalog;
  /** Option sources, learner values and finishers the flows may name (flows/onboarding-finish.ts). */
  extensions?: FlowExtensions;
}

export class FlowFileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`Flow files have ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'FlowFileError';
  }
}

function semanticProblems(
  source: YamlSource,
  spec: FlowSpec,
  flows: Set<string>,
  catalog: Catalog,
  extensions: FlowExtensions,
): Problem[] {
  const languages = [...catalog.keys()];
  const names = (record: object | undefined) => new Set(Object.keys(record ?? {}));
  const issues = checkFlow(spec, {
    flows,
    missingMessage: (key) => languages.filter((language) => !catalog.get(language)?.has(key)),
    optionSources: names(extensions.optionSources),
    learnerValues: names(extensions.learnerValues),
    finishers: names(extensions.finishers),
  });
  const expected = basename(source.file, SUFFIX);
  if (spec.flow !== expected)
    issues.unshift({
      path: ['flow'],
      rule: 'flow-file-name',
      message: `flow "${spec.flow}" is in ${basename(source.file)}`,
      hint: `name the file ${spec.flow}${SUFFIX}, or write \`flow: ${expected}\``,
    });
  return issues.map((issue) => ({
    file: source.file,
    ...source.at(issue.path),
    severity: 'error' as const,
    rule: issue.rule,
    message: issue.message,
    ...(issue.hint ? { hint: issue.hint } : {}),
  }));
}

/**
 * Parses, validates and compiles every `*.flow.yaml` in a folder. Every problem of every file is
 * reported (file:line:col, rule, hint); only files without problems are compiled.
 */
export function checkYamlFlows(options: YamlFlowOptions = {}): {
  flows: FlowDefinition[];
  problems: Problem[];
} {
  const dir = options.dir ?? FLOWS_DIR;
  const catalog = options.catalog ?? loadCatalog();
  const extensions = options.extensions ?? createFlowExtensions(contentCatalog());
  const sources = readFlowFiles(dir);
  // First the syntax and the schema of every file, so a `start` step may name any valid flow.
  const found = new Map<YamlSource, Problem[]>(
    sources.map((source) => [
      source,
      source.problems.length ? source.problems : checkSchema(source, flowSchema()),
    ]),
  );
  const valid = sources.filter((source) => !found.get(source)!.some((p) => p.severity === 'error'));
  const flowIds = new Set([
    ...(options.otherFlows ?? []),
    ...sources
      .map((source) => (source.value as { flow?: unknown } | null)?.flow)
      .filter((id) => typeof id === 'string'),
  ]);
  const textsOf = (key: string) => [...catalog.values()].flatMap((texts) => texts.get(key) ?? []);
  const flows: FlowDefinition[] = [];
  for (const source of valid) {
    const spec = source.value as FlowSpec;
    const semantic = semanticProblems(source, spec, flowIds, catalog, extensions);
    found.set(source, [...semantic, ...shortenedChoiceTitles(source, spec, catalog)]);
    if (semantic.length === 0) flows.push(compileFlow(spec, { textsOf, extensions }));
  }
  const problems = sources.flatMap((source) =>
    found.get(source)!.sort((a, b) => a.line - b.line || a.col - b.col),
  );
  return { flows, problems };
}

/** The YAML flows for start-up: any problem in any file stops it, with every problem listed. */
export function loadYamlFlows(options: YamlFlowOptions = {}): FlowDefinition[] {
  const { flows, problems } = checkYamlFlows(options);
  if (problems.some((problem) => problem.severity === 'error')) throw new FlowFileError(problems);
  return flows;
}
