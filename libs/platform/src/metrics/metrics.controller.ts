import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Metrics } from './metrics.js';

/** The part of Express's response used here (the project has no @types/express). */
interface TextResponse {
  type(contentType: string): { send(body: string): unknown };
}

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'The Prometheus text exposition of the node: HTTP, commands, projections lag, federation.',
    operationId: 'scrapeMetrics',
  })
  @ApiProduces('text/plain')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: TextResponse): Promise<void> {
    res.type(this.metrics.contentType).send(await this.metrics.exposition());
  }
}
