/** Encoders and decoders of every frame and structure of PROTOCOL.md §5-§9.5, one file each. */
export * from './frames/attestation.js';
export * from './frames/auth.js';
export * from './frames/challenge.js';
export * from './frames/command-result.js';
export * from './frames/command.js';
export * from './frames/consent-token.js';
export * from './frames/credential.js';
export * from './frames/delta-ack.js';
export * from './frames/delta.js';
export * from './frames/error.js';
export * from './frames/hello.js';
export * from './frames/log-entry.js';
export * from './frames/provisioning-record.js';
export * from './frames/result.js';
export * from './frames/voucher.js';
export { FrameError } from './frame-error.js';
export type { SessionBinding } from './session-binding.js';
export { encloseTenantSecret, openTenantSecret } from './tenant-secret-enclosure.js';
