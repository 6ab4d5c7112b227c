// Runs in a temp project where the @sizegate packages were installed from their tarballs with npm.
// Draws the default definition with @sizegate/graph (Mermaid, DOT, and SVG through the Graphviz
// WebAssembly build it depends on) and with the tarball's `sizegate-local graph` bin.
// Prints its observations as one JSON line; the test (apps/pack-test/tests) judges them.
// Usage: node graph.mjs <dir to write into>
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathFromHistory, toDot, toMermaid, toSvg } from '@sizegate/graph';
import { buildDefinition } from '@sizegate/state-machine';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node graph.mjs <dir>');

const definition = buildDefinition();
const enter = (id, name) => ({ id, type: 'TaskStateEntered', stateEnteredEventDetails: { name } });
const path = pathFromHistory([
  enter(1, 'CheckFileSize'),
  enter(2, 'ChoiceState'),
  enter(3, 'NotifyFileTooSmall'),
  { id: 4, type: 'ExecutionSucceeded' },
]);
const svg = await toSvg(definition, { path });

const bin = join(process.cwd(), 'node_modules', '.bin', 'sizegate-local');
const binOut = join(dir, 'bin.svg');
execFileSync(bin, ['graph', '-o', binOut], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 });

console.log(
  JSON.stringify({
    path,
    mermaidStart: toMermaid(definition).split('\n')[0],
    dotStart: toDot(definition).split('\n')[0],
    svgStart: svg.slice(0, 4),
    svgEntered: [...svg.matchAll(/class="[^"]*sg-entered[^"]*" data-state="([^"]+)"/g)].map((match) => match[1]),
    binSvgStates: [...readFileSync(binOut, 'utf8').matchAll(/data-state="([^"]+)"/g)].map((match) => match[1]),
  }),
);
