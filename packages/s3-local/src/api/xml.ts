import { escapeXml } from '../xml-error.js';

/** S3's XML namespace, on the root element of every response document. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export type XmlValue = string | number | boolean | null | undefined | readonly XmlChild[];
/** An element: name and content (undefined/null content leaves the element out). */
export type XmlChild = readonly [string, XmlValue];

/** `<?xml ...?><root xmlns=S3>children</root>`, text escaped once. */
export function xmlDocument(root: string, children: readonly XmlChild[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${renderChildren(children)}</${root}>`;
}

/** An element name may carry attributes (`Grantee xsi:type="Group"`); the closing tag takes the name alone. */
function renderChildren(children: readonly XmlChild[]): string {
  let out = '';
  for (const [name, value] of children) {
    if (value === undefined || value === null) continue;
    const tag = name.split(' ')[0];
    out += typeof value === 'object' ? `<${name}>${renderChildren(value)}</${tag}>` : `<${name}>${escapeXml(String(value))}</${tag}>`;
  }
  return out;
}

/**
 * The bodies clients send (CompleteMultipartUpload, DeleteObjects, PutBucketVersioning) are
 * small, flat documents; these read them without a full XML parser: the inner text of each
 * `<name>` element, entities decoded. Namespace prefixes are not used by SDKs or awscli.
 */
export function xmlElements(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g');
  return [...xml.matchAll(pattern)].map((match) => match[1] ?? '');
}

export function xmlText(xml: string, name: string): string | undefined {
  const [first] = xmlElements(xml, name);
  return first === undefined ? undefined : unescapeXml(first);
}

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity] ?? '';
  });
}
