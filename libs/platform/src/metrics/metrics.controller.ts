import { Controller, Get, Header, Res } from '@nestjs/common';
import { Metrics } from './metrics.js';

/** The part of Express's response used here (the project has no @types/express). */
interface TextResponse {
  type(contentType: string): { send(body: string): unknown };
}

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: TextResponse): Promise<void> {
    res.type(this.metrics.contentType).send(await this.metrics.exposition());
  }
}
