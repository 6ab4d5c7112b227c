import { buildDefinition } from '@sizegate/state-machine';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { ExecutionPath } from '../../src/index.js';
import { pathFromHistory, toSvg } from '../../src/index.js';
import { awsCase } from '../helpers/fixtures.js';
import { HELVETICA_ASCENDER, HELVETICA_DESCENDER, helveticaWidth } from '../helpers/helvetica-metrics.js';

interface Element {
  readonly [key: string]: unknown;
}
/** Every <g> element of the SVG, found by walking the parsed tree. */
function groups(svg: string): Element[] {
  const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'g' }).parse(svg) as Element;
  const found: Element[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'g') found.push(...(value as Element[]));
        walk(value);
      }
    }
  };
  walk(tree);
  return found;
}
const classesOf = (element: Element): string[] => String(element['@class'] ?? '').split(/\s+/);

const definition = buildDefinition();
const largeFile: ExecutionPath = {
  entered: ['CheckFileSize', 'ChoiceState', 'ProcessFile', 'NotifyOk'],
  transitions: [
    { from: 'CheckFileSize', to: 'ChoiceState' },
    { from: 'ChoiceState', to: 'ProcessFile' },
    { from: 'ProcessFile', to: 'NotifyOk' },
  ],
  status: 'SUCCEEDED',
};

describe('toSvg (Graphviz WebAssembly)', () => {
  it('writes valid standalone XML with every state, the marks and the legend', async () => {
    // Prepare (definition, large-file path above) / Act
    const svg = await toSvg(definition, { path: largeFile, title: 'large.bin' });

    // Assess
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.startsWith('<svg')).toBe(true);
    const all = groups(svg);
    const states = new Map(all.filter((g) => g['@data-state'] !== undefined).map((g) => [g['@data-state'], g]));
    expect([...states.keys()].sort()).toEqual(Object.keys(definition.States).sort());
    for (const name of largeFile.entered) expect(classesOf(states.get(name) ?? {})).toContain('sg-entered');
    expect(classesOf(states.get('NotifyFileTooSmall') ?? {})).not.toContain('sg-entered');
    expect(states.get('ProcessFile')?.['@id']).toBe('state-ProcessFile');
    const taken = all.filter((g) => classesOf(g).includes('sg-taken')).map((g) => `${g['@data-from']}->${g['@data-to']}`);
    expect(taken).toEqual(expect.arrayContaining(['ChoiceState->ProcessFile', 'ProcessFile->NotifyOk', 'NotifyOk->End']));
    expect(taken).not.toContain('ChoiceState->NotifyFileTooSmall');
    expect(all.some((g) => classesOf(g).includes('sg-legend'))).toBe(true);
    expect(svg).toContain('transition taken');
    expect(svg).toContain('size &gt;= 2000000');
  });

  it('references nothing outside itself: no URL but the SVG namespace', async () => {
    // Prepare / Act
    const svg = await toSvg(definition, { path: largeFile });

    // Assess
    const urls = [...svg.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0]);
    expect(urls).toEqual(['http://www.w3.org/2000/svg']);
    expect(svg).not.toMatch(/<!DOCTYPE|xlink:href|<image|@import/);
  });

  it('marks the failed state of an AWS-recorded failed execution, even one named "Start"', async () => {
    // Prepare: a real AWS history whose only state is called Start
    const recorded = awsCase('task-failed-uncaught');
    const path = pathFromHistory(recorded.events);

    // Act
    const svg = await toSvg(recorded.definition, { path });

    // Assess
    const failed = groups(svg).filter((g) => classesOf(g).includes('sg-failed'));
    expect(failed.map((g) => g['@data-state'])).toEqual(['Start']);
  });

  it('keeps odd state names intact in data-state', async () => {
    // Prepare
    const odd = { StartAt: 'A & <B> "c"', States: { 'A & <B> "c"': { Type: 'Succeed' } } };

    // Act
    const svg = await toSvg(odd);

    // Assess
    expect(XMLValidator.validate(svg)).toBe(true);
    // The parser decodes the escaped attribute.
    expect(groups(svg).find((g) => g['@data-state'] !== undefined)?.['@data-state']).toBe('A & <B> "c"');
  });

  it.each([
    ["the CLI's title for a long execution name", `sizegate-large-bin-${'3f2a8c1e9d7b6a5f4e3d2c1b0a9f8e7d'.repeat(2)} — SUCCEEDED`],
    ["the demo's title for a key with spaces", 'uploads/samples/report 2024+final ü.csv (3000000 bytes) — SUCCEEDED'],
    ['digits and capitals', 'samples/five-mib.bin (5242880 bytes) · SUCCEEDED'],
    ['a short title', 'a.csv — FAILED'],
  ])('keeps the title inside the viewBox, drawn in Helvetica (%s)', async (_case, title) => {
    // Act
    const svg = await toSvg(definition, { path: largeFile, title });

    // Assess: the title is the graph group's own <text>; its box, set in Helvetica, lies within the viewBox.
    const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => name === 'g' }).parse(svg) as {
      svg: {
        '@viewBox': string;
        g: { '@transform': string; text: { '@x': string; '@y': string; '@font-size': string; '@font-family': string; '#text': string } }[];
      };
    };
    const [minX, minY, width, height] = root.svg['@viewBox'].split(/\s+/).map(Number) as [number, number, number, number];
    const graph = root.svg.g[0]!;
    const [dx, dy] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(graph['@transform'])!.slice(1).map(Number) as [number, number];
    const text = graph.text;
    expect(text['#text']).toBe(title);
    const size = Number(text['@font-size']);
    const centre = dx + Number(text['@x']);
    const baseline = dy + Number(text['@y']);
    const half = helveticaWidth(title, size) / 2;
    expect(centre - half).toBeGreaterThanOrEqual(minX);
    expect(centre + half).toBeLessThanOrEqual(minX + width);
    expect(baseline - (HELVETICA_ASCENDER * size) / 1000).toBeGreaterThanOrEqual(minY);
    expect(baseline + (HELVETICA_DESCENDER * size) / 1000).toBeLessThanOrEqual(minY + height);
    expect(text['@font-family']).toBe('Helvetica,Arial,Liberation Sans,sans-serif');
  });
});
