/** Test helpers shared by the sizegate packages' suites. Private: never published. */
export { RecordingLogger, type LogLine } from './recording-logger.js';
export { rejection, serviceErrorInit } from './rejection.js';
export { rawRequest, type RawResponse } from './raw-request.js';
export { startS3Emulator, startLengthlessHeadProxy, type S3Emulator } from './s3-emulator.js';
export { environmentWithout, packagesImportedBy, runModuleInNode } from './child-node.js';
export {
  CANARY_CREDENTIALS,
  captureProcessOutput,
  type CapturedOutput,
  echoedCredentials,
  everythingIn,
  s3ErrorAnswer,
  startAnsweringServer,
  type Answer,
  type AnsweringServer,
} from './credential-canary.js';
export { BUNDLE_CANARY, checkBuiltBundle, checkBundleBuiltWithCanary, type HygieneReport } from './bundle-hygiene.js';
