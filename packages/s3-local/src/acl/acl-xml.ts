import type { IncomingHttpHeaders } from 'node:http';
import { xmlElements, xmlText, type XmlChild } from '../api/xml.js';
import { invalidArgument, malformedXml, S3Error } from '../s3-error.js';
import { cannedGrants, GROUPS, LOCAL_OWNER, PERMISSIONS, type Grant, type Grantee, type Owner, type Permission } from './model.js';

/** Canonical users an ACL may name: the configured access keys' owners and the local owner. */
export type OwnerLookup = (id: string) => Owner | undefined;

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** `<Owner>` content. */
export function ownerXml(owner: Owner): XmlChild[] {
  return [
    ['ID', owner.id],
    ['DisplayName', owner.displayName],
  ];
}

/** The children of an `<AccessControlPolicy>`: owner and grants, each grantee typed as S3 types it. */
export function accessControlPolicyXml(owner: Owner, grants: readonly Grant[], lookup: OwnerLookup): XmlChild[] {
  return [
    ['Owner', ownerXml(owner)],
    [
      'AccessControlList',
      // Group grants first: the order means nothing, and clients that compare lists (ceph/s3-tests) expect this one.
      [...grants]
        .sort((a, b) => (a.grantee.type === b.grantee.type ? 0 : a.grantee.type === 'Group' ? -1 : 1))
        .map((grant): XmlChild => {
          const { grantee } = grant;
          const granteeXml: XmlChild =
            grantee.type === 'Group'
              ? [`Grantee ${XSI} xsi:type="Group"`, [['URI', grantee.uri]]]
              : [
                  `Grantee ${XSI} xsi:type="CanonicalUser"`,
                  [
                    ['ID', grantee.id],
                    ['DisplayName', (grantee.id === owner.id ? owner : lookup(grantee.id))?.displayName],
                  ],
                ];
          return ['Grant', [granteeXml, ['Permission', grant.permission]]];
        }),
    ],
  ];
}

const GRANT_HEADERS: Record<string, Permission> = {
  'x-amz-grant-full-control': 'FULL_CONTROL',
  'x-amz-grant-read': 'READ',
  'x-amz-grant-write': 'WRITE',
  'x-amz-grant-read-acp': 'READ_ACP',
  'x-amz-grant-write-acp': 'WRITE_ACP',
};

/**
 * The ACL a request asks for in its headers: `x-amz-acl` (canned) or `x-amz-grant-*`
 * (`id="…"`, `uri="…"`, `emailAddress="…"`), not both; undefined when it asks for none.
 */
export function aclFromHeaders(headers: IncomingHttpHeaders, owner: Owner, bucketOwner: Owner, lookup: OwnerLookup): Grant[] | undefined {
  const canned = headers['x-amz-acl'];
  const grantHeaders = Object.entries(GRANT_HEADERS).filter(([name]) => typeof headers[name] === 'string');
  if (typeof canned === 'string' && grantHeaders.length > 0)
    throw new S3Error('InvalidRequest', 'Specifying both Canned ACLs and Header Grants is not allowed', 400);
  if (typeof canned === 'string') return cannedGrants(canned.trim(), owner, bucketOwner);
  if (grantHeaders.length === 0) return undefined;
  const grants: Grant[] = [];
  for (const [name, permission] of grantHeaders) {
    for (const item of String(headers[name]).split(',')) {
      const match = /^\s*(id|uri|emailAddress)\s*=\s*"?([^"]*)"?\s*$/i.exec(item);
      if (match === null) throw invalidArgument('Invalid grant header', name, String(headers[name]));
      const [, type = '', value = ''] = match;
      grants.push({ grantee: grantee(type.toLowerCase(), value, lookup), permission });
    }
  }
  return grants;
}

/** The grants of a PutBucketAcl / PutObjectAcl body (`<AccessControlPolicy>`). */
export function aclFromXml(xml: string, lookup: OwnerLookup): Grant[] {
  // <AccessControlList/> (no grants: even the owner's removed) is a valid, empty list.
  const list = xmlElements(xml, 'AccessControlList')[0] ?? (/<AccessControlList\s*\/>/.test(xml) ? '' : undefined);
  if (list === undefined) throw malformedXml();
  return xmlElements(list, 'Grant').map((grantXml) => {
    const permission = xmlText(grantXml, 'Permission')?.trim() as Permission | undefined;
    if (permission === undefined || !PERMISSIONS.includes(permission))
      throw new S3Error(
        'MalformedACLError',
        'The XML you provided was not well-formed or did not validate against our published schema',
        400,
      );
    const id = xmlText(grantXml, 'ID');
    const uri = xmlText(grantXml, 'URI');
    const email = xmlText(grantXml, 'EmailAddress');
    if (id !== undefined) return { grantee: grantee('id', id.trim(), lookup), permission };
    if (uri !== undefined) return { grantee: grantee('uri', uri.trim(), lookup), permission };
    if (email !== undefined) return { grantee: grantee('emailaddress', email.trim(), lookup), permission };
    throw new S3Error(
      'MalformedACLError',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  });
}

function grantee(type: string, value: string, lookup: OwnerLookup): Grantee {
  if (type === 'uri') {
    if (!GROUPS.includes(value)) throw invalidArgument('Invalid group uri', 'uri', value);
    return { type: 'Group', uri: value };
  }
  if (type === 'emailaddress') {
    throw new S3Error('UnresolvableGrantByEmailAddress', 'The e-mail address you provided does not match any account on record.', 400, {
      EmailAddress: value,
    });
  }
  if (value !== LOCAL_OWNER.id && lookup(value) === undefined) throw invalidArgument('Invalid id', 'CanonicalUser/ID', value);
  return { type: 'CanonicalUser', id: value };
}
