import { buildModel, COLOURS, LEGEND } from './model.js';
import type { GraphNode } from './model.js';
import type { GraphOptions } from './types.js';

/**
 * Mermaid label text inside double quotes: quotes end it and `<`/`>` would be read as HTML, so they
 * (and `#`, which starts Mermaid's own entity codes) are written as `#code;` entities.
 */
const text = (value: string): string => value.replace(/[#"<>&]/g, (character) => `#${character.charCodeAt(0)};`).replace(/\r?\n/g, '<br/>');

const SHAPES: Readonly<Record<GraphNode['kind'], [string, string]>> = {
  start: ['((', '))'],
  end: ['(((', ')))'],
  Task: ['(', ')'],
  Choice: ['{', '}'],
  Pass: ['[', ']'],
  Wait: ['[[', ']]'],
  Succeed: ['([', '])'],
  Fail: ['([', '])'],
  Parallel: ['[[', ']]'],
  Map: ['[[', ']]'],
  other: ['[', ']'],
};

const CLASS = { entered: 'sgEntered', failed: 'sgFailed', current: 'sgCurrent' } as const;

/** The workflow as a Mermaid `flowchart TD`; with `options.path`, the path taken is styled and a legend added. */
export function toMermaid(definition: object | string, options: GraphOptions = {}): string {
  const model = buildModel(definition, options.path, options.title);
  const lines: string[] = [];
  if (model.title !== undefined) lines.push('---', `title: ${JSON.stringify(model.title)}`, '---');
  lines.push('flowchart TD');
  for (const node of model.nodes) {
    const [open, close] = SHAPES[node.kind];
    lines.push(`  ${node.id}${open}"${text(node.label)}"${close}`);
  }
  const taken: number[] = [];
  model.edges.forEach((edge, index) => {
    const arrow = edge.kind === 'catch' ? '-.->' : '-->';
    const label = edge.labels.length > 0 ? `|"${text(edge.labels.join('\n'))}"|` : '';
    lines.push(`  ${edge.from} ${arrow}${label} ${edge.to}`);
    if (edge.taken) taken.push(index);
  });
  if (model.path !== undefined) {
    lines.push(
      `  classDef ${CLASS.entered} fill:${COLOURS.entered.fill},stroke:${COLOURS.entered.stroke},stroke-width:2px`,
      `  classDef ${CLASS.failed} fill:${COLOURS.failed.fill},stroke:${COLOURS.failed.stroke},stroke-width:2px`,
      `  classDef ${CLASS.current} fill:${COLOURS.current.fill},stroke:${COLOURS.current.stroke},stroke-width:2px`,
    );
    for (const mark of ['entered', 'failed', 'current'] as const) {
      const ids = model.nodes.filter((node) => node.mark === mark).map((node) => node.id);
      if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${CLASS[mark]}`);
    }
    if (taken.length > 0) lines.push(`  linkStyle ${taken.join(',')} stroke:${COLOURS.taken},stroke-width:3px`);
    lines.push(
      '  subgraph legend ["Legend"]',
      '    direction LR',
      `    legend_entered["${text(LEGEND.entered)}"]:::${CLASS.entered}`,
      `    legend_failed["${text(LEGEND.failed)}"]:::${CLASS.failed}`,
      `    legend_current["${text(LEGEND.current)}"]:::${CLASS.current}`,
      `    legend_taken["${text(`thick green arrow: ${LEGEND.taken}`)}"]`,
      '  end',
    );
  }
  return `${lines.join('\n')}\n`;
}
