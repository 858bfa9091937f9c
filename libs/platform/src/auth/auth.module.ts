import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ACTOR_RESOLVER } from '../http/current-actor.js';
import { NODE_CONTEXT, NODE_KEY, type NodeContext, type NodeKeyPair } from '../node-context.js';
import { AuthenticationGuard } from './authentication.guard.js';
import { createTokenVerifier, type TokenVerifierOptions } from './jwt.js';
import { JwtActorResolver } from './jwt-actor-resolver.js';

export interface AuthOptions extends TokenVerifierOptions {
  /** An external identity provider's JWKS; unset = tokens signed with this node's key. */
  readonly jwksUrl?: string;
}

/**
 * JWT authentication for every `/v1` route: the ACTOR_RESOLVER the controllers use, and a global
 * guard so no `/v1` route is served without a valid token. Needs NODE_KEY (global) unless a JWKS
 * URL is configured.
 */
@Module({})
export class AuthModule {
  /** For an app that has no global NODE_KEY of its own (the standalone services): provides it too. */
  static forNodeKey(key: NodeKeyPair, options: AuthOptions = {}): DynamicModule {
    const base = AuthModule.forRoot(options);
    return {
      ...base,
      providers: [...(base.providers ?? []), { provide: NODE_KEY, useValue: key }],
      exports: [...(base.exports ?? []), NODE_KEY],
    };
  }

  static forRoot(options: AuthOptions = {}): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: ACTOR_RESOLVER,
          inject: options.jwksUrl ? [NODE_CONTEXT] : [NODE_CONTEXT, NODE_KEY],
          useFactory: (node: NodeContext, key?: NodeKeyPair) =>
            new JwtActorResolver(
              createTokenVerifier(
                options.jwksUrl ? { kind: 'jwks', url: options.jwksUrl } : { kind: 'node-key', privateKey: key!.privateKey },
                options,
              ),
              node.nodeId,
            ),
        },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
      ],
      exports: [ACTOR_RESOLVER],
    };
  }
}
