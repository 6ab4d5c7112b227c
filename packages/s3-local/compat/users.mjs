// The users ceph/s3-tests signs as, and its configuration file. The keys are the suite's own
// sample ones (s3tests.conf.SAMPLE): main, alt and tenant are S3 users; the IAM sections are read
// by the suite's setup only (IAM is not in the selection).

/** The S3 users of the suite: each its own owner when the emulator verifies signatures. */
export const S3_TEST_USERS = [
  {
    section: 's3 main',
    displayName: 'M. Tester',
    userId: 'testid',
    email: 'tester@ceph.com',
    accessKey: '0555b35654ad1656d804',
    secretKey: 'h7GhxuBLTrlhVUyxSPUKUV8r/2EI4ngqJxD7iBdBYLhwluN30JaT3Q==',
  },
  {
    section: 's3 alt',
    displayName: 'john.doe',
    userId: '56789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234',
    email: 'john.doe@example.com',
    accessKey: 'NOPQRSTUVWXYZABCDEFG',
    secretKey: 'nopqrstuvwxyzabcdefghijklmnabcdefghijklm',
  },
  {
    section: 's3 tenant',
    displayName: 'testx$tenanteduser',
    userId: 'testx$9876543210abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    email: 'tenanteduser@example.com',
    accessKey: 'HIJKLMNOPQRSTUVWXYZA',
    secretKey: 'opqrstuvwxyzabcdefghijklmnopqrstuvwxyzab',
    extra: { tenant: 'testx' },
  },
];

const IAM_SECTIONS = {
  iam: {
    email: 's3@example.com',
    user_id: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    access_key: 'ABCDEFGHIJKLMNOPQRST',
    secret_key: 'abcdefghijklmnopqrstuvwxyzabcdefghijklmn',
    display_name: 'youruseridhere',
  },
  'iam root': {
    access_key: 'AAAAAAAAAAAAAAAAAAaa',
    secret_key: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    user_id: 'RGW11111111111111111',
    email: 'account1@ceph.com',
  },
  'iam alt root': {
    access_key: 'BBBBBBBBBBBBBBBBBBbb',
    secret_key: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    user_id: 'RGW22222222222222222',
    email: 'account2@ceph.com',
  },
};

/** S3TEST_CONF for an emulator at host:port (plain HTTP). */
export function s3TestsConfig({ host, port }) {
  const sections = {
    DEFAULT: { host, port: String(port), is_secure: 'False', ssl_verify: 'False' },
    fixtures: { 'bucket prefix': 's3compat-{random}-' },
    ...Object.fromEntries(
      S3_TEST_USERS.map((user) => [
        user.section,
        {
          display_name: user.displayName,
          user_id: user.userId,
          email: user.email,
          access_key: user.accessKey,
          secret_key: user.secretKey,
          ...user.extra,
        },
      ]),
    ),
    ...IAM_SECTIONS,
  };
  return Object.entries(sections)
    .map(
      ([name, values]) =>
        `[${name}]\n${Object.entries(values)
          .map(([key, value]) => `${key} = ${value}`)
          .join('\n')}\n`,
    )
    .join('\n');
}
