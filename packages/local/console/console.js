// sizegate local console: vanilla JS, same-origin only. Data from the API always reaches the page
// as text (textContent), never as markup; the only markup inserted is the runtime's graph SVG,
// parsed as XML and stripped of scripts and event handlers.
// biome-ignore lint/suspicious/noRedundantUseStrict: index.html loads this as a classic script (no type="module"), which is sloppy mode without it
'use strict';

const API = '/_sizegate/api';
const POLL_MS = 1000;
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
/** Uploads still waiting for their execution, oldest first: { key, since, item, executionName, execution }. */
const following = [];
/** Executions some upload of this page was matched to: a later upload of the same key takes another one. */
const claimed = new Set();
let selected; // the execution name shown in the detail view
let detailFinal = false; // the selected execution was final when last drawn: no need to redraw
let bucket;
/** Where uploads go so that the trigger's key filter takes them (its prefix), from the info API. */
let uploadPrefix = '';

const $ = (id) => document.getElementById(id);

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

async function getJson(path) {
  const response = await fetch(API + path, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(`${body.error ?? response.status}: ${body.message ?? ''}`);
  return body;
}

const time = (ms) =>
  ms === undefined || ms === null ? '' : `${new Date(ms).toLocaleTimeString([], { hour12: false })}.${String(ms % 1000).padStart(3, '0')}`;

function duration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function prettyJson(text) {
  if (text === undefined || text === null) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return String(text);
  }
}

async function loadInfo() {
  const info = await getJson('/info');
  bucket = info.bucket;
  $('info-bucket').textContent = info.bucket;
  $('info-threshold').textContent = info.minSizeBytes === undefined ? 'n/a' : `${Number(info.minSizeBytes).toLocaleString('en-US')} bytes`;
  $('info-state-machine').textContent = info.stateMachineArn.split(':').pop();
  uploadPrefix = info.uploadPrefix ?? '';
  $('info-trigger').textContent = info.trigger?.description ?? 'any key';
  $('info-output').textContent = info.outputBucket === undefined ? 'n/a' : `s3://${info.outputBucket}/${info.outputPrefix}`;
  $('upload-hint').textContent =
    `Files go to s3://${info.bucket}/${uploadPrefix}<file name>; keys the trigger takes: ${info.trigger?.description ?? 'any key'}.`;
}

/** A cell on one line: what does not fit ends in an ellipsis (CSS), the whole text is its tooltip. */
function clippedCell(text, className) {
  const cell = element('td', undefined, className);
  const inner = element('span', text, 'clip');
  inner.title = text;
  cell.append(inner);
  return cell;
}

/** The status, and the outcome message under it when the output has one ("File processed OK"). */
function statusCell(execution) {
  const cell = element('td', undefined, `status status-${execution.status}`);
  cell.append(element('span', execution.status));
  if (typeof execution.message === 'string') {
    const outcome = element('span', execution.message, 'outcome clip');
    outcome.title = execution.message;
    cell.append(outcome);
  }
  return cell;
}

function renderList(executions) {
  const body = $('executions').tBodies[0];
  const rows = executions.map((execution) => {
    const row = document.createElement('tr');
    row.dataset.name = execution.name;
    row.dataset.key = execution.key ?? '';
    row.dataset.status = execution.status;
    if (execution.name === selected) row.className = 'selected';
    row.append(
      clippedCell(execution.name, 'name'),
      clippedCell(execution.key ?? '', 'key'),
      statusCell(execution),
      element('td', time(execution.startDate)),
      element('td', duration((execution.stopDate ?? Date.now()) - execution.startDate)),
    );
    row.addEventListener('click', () => select(execution.name));
    return row;
  });
  body.replaceChildren(...rows);
  $('executions-loading').hidden = true;
  $('executions-empty').hidden = executions.length > 0;
}

async function pollList() {
  try {
    const status = $('status-filter').value;
    const { executions } = await getJson(`/executions${status ? `?status=${encodeURIComponent(status)}` : ''}`);
    $('list-error').hidden = true;
    renderList(executions);
    // Uploads find their executions in the unfiltered list.
    const all = status ? (await getJson('/executions')).executions : executions;
    followUploads(all);
    if (selected !== undefined && !detailFinal) await showDetail(selected);
  } catch (error) {
    $('list-error').textContent = `Cannot list executions: ${error.message}`;
    $('list-error').hidden = false;
  }
}

/**
 * Each upload is matched to its own execution: by the name start-execution gives it (from the
 * object's ETag or versionId, told by the API), else the oldest execution of its key started after
 * it that no other upload took. Two quick uploads of one name thus follow two executions.
 */
function followUploads(executions) {
  const oldestFirst = [...executions].sort((a, b) => a.startDate - b.startDate || a.name.localeCompare(b.name));
  for (const upload of following.slice()) {
    const match =
      upload.executionName !== undefined
        ? executions.find((e) => e.name === upload.executionName)
        : oldestFirst.find(
            (e) => e.name === upload.execution || (e.key === upload.key && e.startDate >= upload.since && !claimed.has(e.name)),
          );
    if (match === undefined) continue;
    claimed.add(match.name);
    upload.item.textContent = `${upload.key}: execution ${match.name} ${match.status}`;
    upload.item.dataset.status = match.status;
    upload.item.dataset.execution = match.name;
    if (upload.execution !== match.name) {
      upload.execution = match.name;
      void select(match.name);
    }
    if (FINAL.has(match.status)) following.splice(following.indexOf(upload), 1);
  }
}

/** `incoming/a b.txt` → `incoming/a%20b.txt`: each segment encoded, the slashes kept. */
const keyPath = (key) => key.split('/').map(encodeURIComponent).join('/');

async function upload() {
  const files = [...$('upload-file').files];
  if (files.length === 0 || bucket === undefined) return;
  $('upload-button').disabled = true;
  try {
    for (const file of files) {
      const key = uploadPrefix + file.name;
      const item = element('li', `${key}: uploading…`);
      item.dataset.key = key;
      item.dataset.status = 'UPLOADING';
      $('upload-status').prepend(item);
      // Executions start after the upload; a second of slack for clock rounding.
      const since = Date.now() - 1000;
      const response = await fetch(`/${encodeURIComponent(bucket)}/${keyPath(key)}`, { method: 'PUT', body: file });
      if (!response.ok) {
        item.textContent = `${key}: upload failed (${response.status})`;
        item.className = 'error';
        item.dataset.status = 'UPLOAD_FAILED';
        continue;
      }
      const identity = new URLSearchParams({ key });
      const etag = response.headers.get('etag');
      const versionId = response.headers.get('x-amz-version-id');
      if (etag) identity.set('etag', etag);
      if (versionId) identity.set('versionId', versionId);
      // Said at once when the trigger will not take the key, instead of waiting for nothing.
      const verdict = await getJson(`/uploads?${identity}`).catch(() => ({ starts: true }));
      if (verdict.starts === false) {
        item.textContent = `${verdict.reason}. The object is stored.`;
        item.className = 'warning';
        item.dataset.status = 'NO_EXECUTION';
        continue;
      }
      item.textContent = `${key}: uploaded, waiting for its execution…`;
      item.dataset.status = 'WAITING';
      following.push({ key, since, item, executionName: verdict.executionName, execution: undefined });
    }
  } finally {
    $('upload-button').disabled = false;
    $('upload-file').value = '';
  }
}

async function select(name) {
  selected = name;
  detailFinal = false;
  for (const row of $('executions').tBodies[0].rows) row.classList.toggle('selected', row.dataset.name === name);
  await showDetail(name);
}

async function showDetail(name) {
  const path = `/executions/${encodeURIComponent(name)}`;
  const [detail, svg] = await Promise.all([getJson(path), fetch(`${API}${path}/graph.svg`).then((r) => (r.ok ? r.text() : undefined))]);
  if (selected !== name) return; // another one was selected meanwhile
  const { execution, states } = detail;
  const panel = $('detail');
  panel.hidden = false;
  panel.dataset.name = name;
  panel.dataset.status = execution.status;
  $('detail-title').textContent = name;
  $('detail-title').title = name;
  $('detail-status').textContent = execution.status;
  $('detail-message').textContent = execution.message ?? '';
  $('detail-message').hidden = typeof execution.message !== 'string';
  $('detail-status').className = `status status-${execution.status}`;
  // The object last: a long key is what the ellipsis cuts, the whole URI is the tooltip.
  const object = `s3://${execution.bucket ?? '?'}/${execution.key ?? '?'}`;
  $('detail-object').textContent =
    `started ${time(execution.startDate)} · ${duration((execution.stopDate ?? Date.now()) - execution.startDate)} · ${object}`;
  $('detail-object').title = object;
  drawGraph(svg);
  const rows = states.map((span) => {
    const row = document.createElement('tr');
    row.dataset.state = span.state;
    row.append(
      element('td', span.state),
      element('td', `+${duration(span.enteredAt - execution.startDate)}`),
      element('td', span.exitedAt === undefined ? '' : `+${duration(span.exitedAt - execution.startDate)}`),
      element('td', span.durationMs === undefined ? 'running' : duration(span.durationMs)),
      element('td', span.events.join(', ')),
    );
    return row;
  });
  $('timeline').tBodies[0].replaceChildren(...rows);
  $('detail-input').textContent = prettyJson(execution.input);
  $('detail-output').textContent = prettyJson(execution.output);
  drawFailure(execution.failure);
  detailFinal = FINAL.has(execution.status);
}

/** Error type and message first; Lambda's stack folded below them, when the cause has one. */
function drawFailure(failure) {
  $('detail-error-block').hidden = failure === undefined;
  $('detail-error-type').textContent = failure?.type ?? '';
  $('detail-error-message').textContent = failure?.message ?? '';
  const trace = failure?.trace ?? [];
  const stack = $('detail-error-stack');
  stack.hidden = trace.length === 0;
  // Redrawing keeps the fold as the user left it; a new execution starts folded.
  if ($('detail-error-trace').dataset.for !== selected) stack.open = false;
  $('detail-error-trace').dataset.for = selected;
  $('detail-error-trace').textContent = trace.join('\n');
}

/** The renderer's SVG, parsed as XML (not HTML), without anything that could run. */
function drawGraph(text) {
  const target = $('graph');
  if (text === undefined) {
    target.replaceChildren(element('p', 'The graph could not be drawn.', 'error'));
    return;
  }
  const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = parsed.documentElement;
  if (svg.nodeName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) {
    target.replaceChildren(element('p', 'The graph could not be read.', 'error'));
    return;
  }
  for (const node of [...svg.querySelectorAll('script, foreignObject, iframe')]) node.remove();
  // Scaled to the panel by its viewBox, not drawn at the renderer's point size.
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  for (const node of [svg, ...svg.querySelectorAll('*')]) {
    for (const attribute of [...node.attributes]) {
      const value = attribute.value.trim().toLowerCase();
      if (attribute.name.toLowerCase().startsWith('on') || value.startsWith('javascript:')) node.removeAttribute(attribute.name);
    }
  }
  target.replaceChildren(document.importNode(svg, true));
}

function schedule() {
  setTimeout(async () => {
    await pollList();
    schedule();
  }, POLL_MS);
}

document.addEventListener('DOMContentLoaded', async () => {
  $('upload-button').addEventListener('click', () => void upload());
  $('status-filter').addEventListener('change', () => void pollList());
  // The list is asked for at once, alongside the settings: it shows "Loading executions…" until
  // the first answer, never "No executions yet" before knowing.
  const info = loadInfo().catch((error) => {
    $('list-error').textContent = `Cannot read the runtime's settings: ${error.message}`;
    $('list-error').hidden = false;
  });
  await Promise.all([info, pollList()]);
  schedule();
});
