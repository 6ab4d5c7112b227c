import { buildModel, COLOURS, LEGEND } from './model.js';
import type { GraphEdge, GraphModel, GraphNode } from './model.js';
import type { GraphOptions } from './types.js';

/** A DOT double-quoted string: backslashes would start escapes (\N, \l), quotes would end it. */
export const dotString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;

const html = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const attributes = (pairs: Record<string, string | number | undefined>): string =>
  `[${Object.entries(pairs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'number' ? value : dotString(value)}`)
    .join(', ')}]`;

/**
 * The font Graphviz lays text out with. One family name, not a CSS list: Graphviz looks the name up
 * in its own width tables and falls back to Times' metrics for a name it does not know, such as
 * "Helvetica,Arial,sans-serif" — which drew titles and labels about 15 % wider than it had measured
 * them, past the viewBox. The SVG renderer widens the name to FONT_FAMILY_CSS for browsers.
 */
export const FONT = 'Helvetica';
/** What the SVG asks browsers for: Helvetica, else the fonts with its metrics (Arial, Liberation Sans), else any sans-serif. */
export const FONT_FAMILY_CSS = 'Helvetica,Arial,Liberation Sans,sans-serif';

const SHAPES: Readonly<Record<GraphNode['kind'], { shape: string; style: string }>> = {
  start: { shape: 'circle', style: 'filled' },
  end: { shape: 'doublecircle', style: 'filled' },
  Task: { shape: 'box', style: 'rounded,filled' },
  Choice: { shape: 'diamond', style: 'filled' },
  Pass: { shape: 'box', style: 'filled' },
  Wait: { shape: 'box', style: 'filled,dashed' },
  Succeed: { shape: 'box', style: 'rounded,filled,bold' },
  Fail: { shape: 'box', style: 'rounded,filled,bold' },
  Parallel: { shape: 'box3d', style: 'filled' },
  Map: { shape: 'box3d', style: 'filled' },
  other: { shape: 'box', style: 'filled' },
};

function nodeLine(node: GraphNode): string {
  const colours = node.mark ? COLOURS[node.mark] : COLOURS.idle;
  const { shape, style } = SHAPES[node.kind];
  const marker = node.kind === 'start' || node.kind === 'end';
  return `  ${node.id} ${attributes({
    label: node.label,
    id: node.state === undefined ? `sg-${node.kind}` : `state-${node.state}`,
    class: ['sg-node', `sg-${node.kind.toLowerCase()}`, node.mark ? `sg-${node.mark}` : undefined].filter(Boolean).join(' '),
    shape,
    style,
    fillcolor: colours.fill,
    color: colours.stroke,
    penwidth: node.mark ? 2 : 1,
    ...(marker ? { width: 0.6, fixedsize: 'true', fontsize: 10 } : {}),
  })};`;
}

function edgeLine(edge: GraphEdge, index: number): string {
  return `  ${edge.from} -> ${edge.to} ${attributes({
    id: `sg-edge-${index}`,
    class: ['sg-edge', `sg-${edge.kind}`, edge.taken ? 'sg-taken' : undefined].filter(Boolean).join(' '),
    label: edge.labels.length > 0 ? edge.labels.join('\n') : undefined,
    style: edge.kind === 'catch' ? 'dashed' : undefined,
    color: edge.taken ? COLOURS.taken : COLOURS.edge,
    fontcolor: edge.taken ? COLOURS.taken : COLOURS.text,
    penwidth: edge.taken ? 3 : 1,
  })};`;
}

/** An HTML-like table node: one swatch per mark. Unconnected, so Graphviz lays it out beside the graph. */
function legendLines(): string[] {
  const cell = (fill: string, stroke: string, text: string): string =>
    `<TR><TD BGCOLOR="${fill}" COLOR="${stroke}" BORDER="2" WIDTH="24"> </TD><TD ALIGN="LEFT" BORDER="0">${html(text)}</TD></TR>`;
  const rows = [
    `<TR><TD COLSPAN="2" BORDER="0"><B>Legend</B></TD></TR>`,
    cell(COLOURS.entered.fill, COLOURS.entered.stroke, LEGEND.entered),
    cell(COLOURS.failed.fill, COLOURS.failed.stroke, LEGEND.failed),
    cell(COLOURS.current.fill, COLOURS.current.stroke, LEGEND.current),
    `<TR><TD BORDER="0"><FONT COLOR="${COLOURS.taken}"><B>━━▶</B></FONT></TD><TD ALIGN="LEFT" BORDER="0">${html(LEGEND.taken)}</TD></TR>`,
  ];
  return [
    `  legend [id="sg-legend", class="sg-legend", shape=plaintext, style="", label=<<TABLE BORDER="1" COLOR="#d1d5db" CELLBORDER="1" CELLSPACING="4" CELLPADDING="4">${rows.join('')}</TABLE>>];`,
  ];
}

export function modelToDot(model: GraphModel): string {
  const lines = [
    'digraph sizegate {',
    `  graph ${attributes({
      id: 'sg-graph',
      rankdir: 'TB',
      nodesep: 0.5,
      ranksep: 0.5,
      fontname: FONT,
      ...(model.title !== undefined ? { label: model.title, labelloc: 't', fontsize: 16 } : {}),
    })};`,
    `  node ${attributes({ fontname: FONT, fontsize: 12, fontcolor: COLOURS.text })};`,
    `  edge ${attributes({ fontname: FONT, fontsize: 10, arrowsize: 0.8 })};`,
    ...model.nodes.map(nodeLine),
    ...model.edges.map(edgeLine),
    ...(model.path ? legendLines() : []),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/** The workflow as Graphviz DOT; with `options.path`, the path taken is coloured and a legend added. */
export function toDot(definition: object | string, options: GraphOptions = {}): string {
  return modelToDot(buildModel(definition, options.path, options.title));
}
