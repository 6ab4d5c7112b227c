// s3rver ships no type declarations. Its modules are imported (not require()d) so that esbuild can
// bundle them into the CLI; s3rver.ts casts each to the interface it uses.
declare module '@20minutes/s3rver' {
  const S3rver: unknown;
  export default S3rver;
}
declare module '@20minutes/s3rver/lib/stores/filesystem.js' {
  const FilesystemStore: unknown;
  export default FilesystemStore;
}
declare module '@20minutes/s3rver/lib/models/error.js' {
  const S3Error: unknown;
  export default S3Error;
}
declare module '@20minutes/s3rver/lib/models/account.js' {
  const account: { DUMMY_ACCOUNT: unknown };
  export default account;
}
declare module '@20minutes/s3rver/lib/models/object.js' {
  const S3Object: { readonly ALLOWED_METADATA: readonly string[] };
  export default S3Object;
}
