export * from './grpc-services.js';
export * from './grpc-status.js';
