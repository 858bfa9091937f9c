import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Logger, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { JsonLogger } from './json-logger.js';
import { LoggingModule } from './logging.module.js';

@Controller('v1/probe')
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Get()
  get(): { ok: true } {
    this.logger.log('handling the probe');
    return { ok: true };
  }
}

type Line = Record<string, unknown> & {
  msg?: string;
  req?: { id: string };
  err?: { message: string; stack: string };
};

// Nest's own Logger, routed through the LoggingModule's JsonLogger, as an app writes it.
describe('LoggingModule with JsonLogger over real HTTP', () => {
  const lines: Line[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line) as Line) };
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [LoggingModule.forRoot({ level: 'info', nodeId: 'vn-hue', destination })],
      controllers: [ProbeController],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(JsonLogger));
    await app.init();
  });
  afterAll(() => app.close());

  it('given a request with an id, when its handler logs, then the line carries the id, the context and the node', async () => {
    await request(app.getHttpServer()).get('/v1/probe').set('X-Request-Id', 'probe-1').expect(200);
    const handled = lines.find((line) => line.msg === 'handling the probe');
    expect(handled).toMatchObject({ req: { id: 'probe-1' }, context: 'Probe', node: 'vn-hue', level: 30 });
    const completed = lines.filter((line) => line.msg === 'request completed' && line.req?.id === 'probe-1');
    expect(completed).toHaveLength(1);
  });

  it('given no request, when an Error is logged, then the line has it as err and no request id', () => {
    new Logger('Outside').error(new Error('disk full'));
    const line = lines.find((l) => l.err?.message === 'disk full');
    expect(line).toMatchObject({ context: 'Outside', level: 50 });
    expect(line).not.toHaveProperty('req');
  });

  it("given Nest's handler contract error(message, stack, context), when logged, then it is one line whose err has that stack", () => {
    const stack = 'Error: boom\n    at handler (probe.ts:1:1)';
    app.get(JsonLogger).error('boom', stack, 'ExceptionsHandler');
    const line = lines.find((l) => l.err?.message === 'boom');
    expect(line).toMatchObject({ context: 'ExceptionsHandler', level: 50, err: { stack } });
  });
});
