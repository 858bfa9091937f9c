import { Injectable } from '@nestjs/common';

/** What a module reports about itself to `/health/ready`. */
export type ReadinessResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly detail?: unknown };

export interface ReadinessCheck {
  readonly name: string;
  check(): ReadinessResult | Promise<ReadinessResult>;
}

/**
 * The extension point of `/health/ready`: modules (projections, federation, ...) register checks
 * here and readiness fails, naming them, while any check fails.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  async failing(): Promise<{ name: string; reason: string; detail?: unknown }[]> {
    const results = await Promise.all(
      [...this.checks.values()].map(async (c) => ({ name: c.name, result: await c.check() })),
    );
    return results.flatMap(({ name, result }) =>
      result.ok
        ? []
        : [
            {
              name,
              reason: result.reason,
              ...(result.detail === undefined ? {} : { detail: result.detail }),
            },
          ],
    );
  }
}
