export * from './node-key.js';
export * from './signing.js';
export * from './node-signer.js';
export * from './node-identity.js';
