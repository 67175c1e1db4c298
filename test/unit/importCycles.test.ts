import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const roots = ['shared', 'functions', 'workflows', 'infra', 'local', 'console/src'];

type ImportGraph = ReadonlyMap<string, readonly string[]>;

interface PackageImports {
  readonly imports: Readonly<Record<string, string>>;
}

/** `#shared/*` → `./shared/*`, as Node resolves it from package.json. */
function aliasResolver(): (specifier: string) => string | undefined {
  const { imports } = JSON.parse(
    readFileSync(join(repositoryRoot, 'package.json'), 'utf8'),
  ) as PackageImports;
  const patterns = Object.entries(imports).map(([alias, target]) => ({
    prefix: alias.replace(/\*$/, ''),
    target: target.replace(/\*$/, ''),
  }));
  return (specifier) => {
    const pattern = patterns.find(({ prefix }) => specifier.startsWith(prefix));
    return pattern && join(repositoryRoot, pattern.target, specifier.slice(pattern.prefix.length));
  };
}

function typeScriptFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

interface WalkedGraph {
  readonly graph: ImportGraph;
  /** Imports naming a file that is not there: an edge the walk would otherwise miss silently. */
  readonly unresolved: readonly string[];
}

/**
 * Every import counts: type-only ones tie the modules' designs together as much as value imports do, and
 * a dynamic `import()` is still a dependency, only a later one. Files reached outside the roots are
 * walked too, so a cycle through them is found.
 */
function walkImportGraph(): WalkedGraph {
  const resolveAlias = aliasResolver();
  const graph = new Map<string, string[]>();
  const unresolved: string[] = [];
  const pending = roots.flatMap((root) => typeScriptFilesUnder(join(repositoryRoot, root)));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const { fileName: specifier } of importedFiles) {
      const target = specifier.startsWith('.') ? resolve(dirname(file), specifier) : resolveAlias(specifier);
      if (target === undefined || !target.endsWith('.ts')) continue;
      if (!existsSync(target)) {
        unresolved.push(`${relative(repositoryRoot, file)} imports ${specifier}`);
        continue;
      }
      targets.push(target);
      pending.push(target);
    }
    graph.set(file, [...new Set(targets)].sort());
  }
  return { graph, unresolved };
}

/**
 * One chain per import that closes a cycle (a back edge of a depth-first walk in sorted order), so every
 * cycle is named by at least one chain and the report stays stable from run to run.
 */
function findCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const finished = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];
  const visit = (file: string): void => {
    onPath.set(file, path.length);
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      const start = onPath.get(target);
      if (start !== undefined) cycles.push([...path.slice(start), target]);
      else if (!finished.has(target)) visit(target);
    }
    path.pop();
    onPath.delete(file);
    finished.add(file);
  };
  for (const file of [...graph.keys()].sort()) if (!finished.has(file)) visit(file);
  return cycles;
}

describe('findCycles', () => {
  it('names the chain of every import that closes a cycle, and nothing for a graph without one', () => {
    // Arrange
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);

    // Act
    const cycles = findCycles(graph);

    // Assert
    expect(cycles).toEqual([
      ['a', 'b', 'c', 'a'],
      ['d', 'd'],
    ]);
    expect(
      findCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('the import graph', () => {
  const { graph, unresolved } = walkImportGraph();

  it('resolves every import of a repository file', () => {
    expect(unresolved).toEqual([]);
    // The walk reached the whole tree (about 290 files), not a corner of it.
    expect(graph.size).toBeGreaterThan(250);
  });

  it('keeps shared/records below shared/tasks, and both below the stages', () => {
    // Arrange
    const stages = ['application', 'demand', 'dispatch', 'agreement', 'report', 'assessment', 'commendation'];
    const below: Record<string, readonly string[]> = {
      'shared/records': ['shared/tasks', ...stages.map((stage) => `shared/${stage}`)],
      'shared/tasks': stages.map((stage) => `shared/${stage}`),
    };
    const within = (file: string, directory: string) =>
      relative(repositoryRoot, file).startsWith(`${directory}/`);

    // Act
    const crossings = [...graph].flatMap(([file, targets]) =>
      Object.entries(below)
        .filter(([layer]) => within(file, layer))
        .flatMap(([, above]) =>
          targets.filter((target) => above.some((directory) => within(target, directory))),
        )
        .map((target) => `${relative(repositoryRoot, file)} → ${relative(repositoryRoot, target)}`),
    );

    // Assert
    expect(crossings).toEqual([]);
  });

  it('has no cycles', () => {
    // Act
    const cycles = findCycles(graph).map((chain) =>
      chain.map((file) => relative(repositoryRoot, file)).join(' → '),
    );

    // Assert
    expect(cycles).toEqual([]);
  });
});
