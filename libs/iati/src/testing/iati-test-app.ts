import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { EventStore, SqlClient } from '@ketnoi/event-store';
import { ACTOR_RESOLVER, configureHttpApp, type Actor, type ActorResolver } from '@ketnoi/platform';
import { testStorageModule } from '../../../agreements/src/testing/agreements-test-app.js';
import { IatiModule } from '../iati.module.js';

/** Tests say who calls with `x-test-actor: <role>@<node>`; without it the caller is vn-hue's officer. */
@Injectable()
class HeaderActorResolver implements ActorResolver {
  resolve(headers: Readonly<Record<string, string | string[] | undefined>>): Actor {
    const value = headers['x-test-actor'];
    if (typeof value !== 'string') return { subject: 'officer@vn-hue', role: 'officer', node: 'vn-hue' };
    const [role, node] = value.split('@') as [Actor['role'], string];
    return { subject: value, role, node };
  }
}

@Module({
  providers: [{ provide: ACTOR_RESOLVER, useClass: HeaderActorResolver }],
  exports: [ACTOR_RESOLVER],
})
class TestActorModule {}

export interface IatiTestApp {
  readonly app: INestApplication;
  readonly url: string;
  close(): Promise<void>;
}

/** IatiModule in a real Nest app as the hub wires it, listening on a free loopback port. */
export async function startIatiTestApp(
  storage: { store: EventStore; sql: SqlClient },
  publisherRef: string,
): Promise<IatiTestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      testStorageModule(storage, 'vn-hue'),
      { module: TestActorModule, global: true },
      IatiModule.forRoot({
        publisherRef,
        nodeName: "Thừa Thiên Huế Provincial People's Committee",
        nodeRole: 'PROVINCE',
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureHttpApp(app, { swagger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** POSTs a file to the import as a chunked stream (no Content-Length), as the CLI does. */
export const postIatiFile = (url: string, file: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/import/iati`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml', ...headers },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
