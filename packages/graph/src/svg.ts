import { FONT, FONT_FAMILY_CSS, modelToDot } from './dot.js';
import { buildModel } from './model.js';
import type { GraphOptions } from './types.js';

type Viz = Awaited<ReturnType<typeof import('@viz-js/viz').instance>>;
let viz: Promise<Viz> | undefined;

/** Graphviz (WebAssembly) is loaded on first use and reused: importing this package stays cheap. */
function graphviz(): Promise<Viz> {
  viz ??= import('@viz-js/viz').then((module) => module.instance());
  return viz;
}

const unescapeXml = (value: string): string =>
  value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const xml = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The workflow as a standalone `<svg>` laid out by Graphviz. Nodes are `<g id="state-NAME"
 * data-state="NAME" class="node sg-node sg-task sg-entered">`; edges carry `data-from`/`data-to`
 * and `sg-taken` when taken. No external references: no DOCTYPE, no links, no fonts to fetch.
 */
export async function toSvg(definition: object | string, options: GraphOptions = {}): Promise<string> {
  const model = buildModel(definition, options.path, options.title);
  const dot = modelToDot(model);
  const renderer = await graphviz();
  const result = renderer.render(dot, { format: 'svg' });
  if (result.status !== 'success' || result.output === undefined) {
    const problems = result.errors.map((error) => error.message).join('; ');
    throw new Error(`Graphviz could not lay out the workflow: ${problems}`);
  }
  let svg = result.output;
  // Drop the XML prolog, DOCTYPE (it names a DTD URL) and comments: the SVG is embedded as is.
  svg = svg.slice(svg.indexOf('<svg'));
  svg = svg.replace(/<!--[\s\S]*?-->\n?/g, '');
  if (!svg.includes('xlink:')) svg = svg.replace(/\s+xmlns:xlink="[^"]*"/, '');
  svg = svg.replace('<svg', '<svg class="sg-graph"');
  // Laid out with Helvetica's metrics (Graphviz writes "Helvetica,sans-Serif"); drawn with Helvetica
  // or a font of the same widths before any other sans-serif.
  svg = svg.replaceAll(new RegExp(`font-family="${FONT}[^"]*"`, 'g'), `font-family="${FONT_FAMILY_CSS}"`);

  // Graphviz titles nodes and edges with the DOT ids (s0, s0->s1): give them the state names, and add
  // data attributes a page or a test can select on.
  const nameOf = new Map(model.nodes.map((node) => [node.id, node.state ?? node.label]));
  const extras = new Map<string, { attributes: string; title: string }>();
  for (const node of model.nodes) {
    const id = node.state === undefined ? `sg-${node.kind}` : `state-${node.state}`;
    extras.set(id, { attributes: node.state === undefined ? '' : ` data-state="${xml(node.state)}"`, title: node.label });
  }
  model.edges.forEach((edge, index) => {
    const from = nameOf.get(edge.from) ?? edge.from;
    const to = nameOf.get(edge.to) ?? edge.to;
    extras.set(`sg-edge-${index}`, { attributes: ` data-from="${xml(from)}" data-to="${xml(to)}"`, title: `${from} → ${to}` });
  });
  // Graphviz writes attribute values XML-escaped (even '-' as &#45;): unescape to look them up.
  svg = svg.replace(/<g id="([^"]*)"( class="[^"]*")?>\n<title>[^<]*<\/title>/g, (whole, id: string, classes: string | undefined) => {
    const extra = extras.get(unescapeXml(id));
    if (extra === undefined) return whole;
    return `<g id="${id}"${classes ?? ''}${extra.attributes}>\n<title>${xml(extra.title)}</title>`;
  });
  return svg.replace(/&#45;/g, '-');
}
