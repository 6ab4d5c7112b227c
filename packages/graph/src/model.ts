import { describeChoiceRule } from './choice-rule.js';
import type { ExecutionPath } from './types.js';

export type NodeKind = 'start' | 'end' | 'Task' | 'Choice' | 'Pass' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map' | 'other';
export type NodeMark = 'entered' | 'failed' | 'current';

export interface GraphNode {
  /** A short id safe in every output format (`sgStart`, `sgEnd`, `s0`, `s1`, ...; `end` is a Mermaid keyword). */
  readonly id: string;
  /** The state name (or `Start` / `End` for the markers). */
  readonly label: string;
  /** The state name; undefined for the Start and End markers. */
  readonly state?: string;
  readonly kind: NodeKind;
  readonly mark?: NodeMark;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Lines of the label: Choice rules, `Default`, or a Catch's error names. */
  readonly labels: readonly string[];
  readonly kind: 'next' | 'choice' | 'catch';
  readonly taken: boolean;
}

export interface GraphModel {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly path?: ExecutionPath;
  readonly title?: string;
}

type Json = Readonly<Record<string, unknown>>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const START_ID = 'sgStart';
export const END_ID = 'sgEnd';
const KINDS = new Set(['Task', 'Choice', 'Pass', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);

function parseDefinition(definition: object | string): { startAt: string; states: Json } {
  let parsed: unknown = definition;
  if (typeof definition === 'string') {
    try {
      parsed = JSON.parse(definition);
    } catch (error) {
      throw new TypeError(`The state machine definition is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(parsed) || typeof parsed.StartAt !== 'string' || !isObject(parsed.States)) {
    throw new TypeError('The state machine definition needs a StartAt string and a States object');
  }
  return { startAt: parsed.StartAt, states: parsed.States };
}

interface PendingEdge {
  to: string;
  labels: string[];
  kind: GraphEdge['kind'];
}

/** The edges leaving one state; several Choice rules (or Catchers) to one target share an edge. */
function edgesOf(state: Json): PendingEdge[] {
  const edges: PendingEdge[] = [];
  const add = (to: unknown, label: string | undefined, kind: GraphEdge['kind']): void => {
    if (typeof to !== 'string') return;
    const existing = edges.find((edge) => edge.to === to && edge.kind === kind);
    if (existing !== undefined) {
      if (label !== undefined) existing.labels.push(label);
      return;
    }
    edges.push({ to, labels: label === undefined ? [] : [label], kind });
  };
  if (state.Type === 'Choice') {
    for (const rule of Array.isArray(state.Choices) ? state.Choices : []) {
      if (isObject(rule)) add(rule.Next, describeChoiceRule(rule), 'choice');
    }
    add(state.Default, 'Default', 'choice');
  }
  add(state.Next, undefined, 'next');
  for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
    if (!isObject(catcher)) continue;
    const errors = Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.map(String).join(', ') : 'error';
    add(catcher.Next, errors, 'catch');
  }
  if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') add('\u0000end', undefined, 'next');
  return edges;
}

/** Builds the drawable graph of a definition, marked with an execution's path when one is given. */
export function buildModel(definition: object | string, path?: ExecutionPath, title?: string): GraphModel {
  const { startAt, states } = parseDefinition(definition);
  const names = Object.keys(states);
  const idOf = new Map<string, string>(names.map((name, index) => [name, `s${index}`]));
  // States inside a Parallel or Map appear in the history but are not nodes here: the path is read
  // over this definition's own states, so Parallel → Next is the transition taken, and a failure
  // (or the current position) inside the branches marks the Parallel/Map state itself.
  const known = new Set(names);
  const ownEntered = (path?.entered ?? []).filter((name) => known.has(name));
  const enteredSet = new Set(ownEntered);
  const takenPairs = new Set(ownEntered.slice(1).map((to, index) => `${ownEntered[index]}\u0000${to}`));
  const outer = (name: string | undefined): string | undefined => (name === undefined || known.has(name) ? name : ownEntered.at(-1));
  const failedState = outer(path?.failedState);
  const currentState = outer(path?.currentState);

  const markOf = (name: string): NodeMark | undefined => {
    if (path === undefined) return undefined;
    if (failedState === name) return 'failed';
    if (currentState === name) return 'current';
    return enteredSet.has(name) ? 'entered' : undefined;
  };

  const nodes: GraphNode[] = [
    { id: START_ID, label: 'Start', kind: 'start', ...(path && path.entered.length > 0 ? { mark: 'entered' as const } : {}) },
  ];
  for (const name of names) {
    const state = states[name];
    const type = isObject(state) && typeof state.Type === 'string' ? state.Type : 'other';
    const mark = markOf(name);
    nodes.push({
      id: idOf.get(name) ?? name,
      label: name,
      state: name,
      kind: KINDS.has(type) ? (type as NodeKind) : 'other',
      ...(mark ? { mark } : {}),
    });
  }
  const lastEntered = ownEntered.at(-1);
  const succeeded = path?.status === 'SUCCEEDED';
  nodes.push({ id: END_ID, label: 'End', kind: 'end', ...(succeeded ? { mark: 'entered' as const } : {}) });

  const edges: GraphEdge[] = [];
  const startId = idOf.get(startAt);
  if (startId !== undefined) {
    edges.push({ from: START_ID, to: startId, labels: [], kind: 'next', taken: path?.entered[0] === startAt });
  }
  for (const name of names) {
    const state = states[name];
    if (!isObject(state)) continue;
    for (const edge of edgesOf(state)) {
      const toEnd = edge.to === '\u0000end';
      const to = toEnd ? END_ID : idOf.get(edge.to);
      if (to === undefined) continue; // a Next to a missing state: nothing to draw it to
      const taken = toEnd ? succeeded && lastEntered === name : takenPairs.has(`${name}\u0000${edge.to}`);
      edges.push({ from: idOf.get(name) ?? name, to, labels: edge.labels, kind: edge.kind, taken });
    }
  }
  return { nodes, edges, ...(path ? { path } : {}), ...(title !== undefined ? { title } : {}) };
}

/** Colours shared by the DOT/SVG and Mermaid outputs (and the legend that explains them). */
export const COLOURS = {
  entered: { fill: '#d1fae5', stroke: '#047857' },
  failed: { fill: '#fee2e2', stroke: '#b91c1c' },
  current: { fill: '#dbeafe', stroke: '#1d4ed8' },
  idle: { fill: '#ffffff', stroke: '#6b7280' },
  taken: '#047857',
  edge: '#6b7280',
  text: '#111827',
} as const;

export const LEGEND = {
  entered: 'entered',
  failed: 'failed here',
  current: 'running now',
  taken: 'transition taken',
} as const;
