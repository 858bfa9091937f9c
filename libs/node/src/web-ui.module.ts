import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { inCheckout } from '@ketnoi/platform/checkout';

/** Where `npm run build:web` puts the UI, whether this module runs from dist/ or the sources. */
export const WEB_UI_DIR = `${inCheckout(import.meta.url, 'dist', 'web')}/`;

/**
 * Paths the UI must never answer, so its index.html fallback cannot shadow an API route, an
 * unknown /v1 route keeps its problem+json 404, and /docs-json stays the OpenAPI document.
 */
export const NOT_UI = /^\/(v1|docs|health|metrics)(\/|-|$)/;

export interface WebUiOptions {
  /**
   * Folder of the built UI (`npm run build:web`).
   * @defaultValue dist/web next to the compiled hub
   */
  readonly root?: string;
}

/**
 * Serves the web UI (apps/web, built by Vite) as static files at `/`, with index.html for any
 * other non-API path so the UI's own routes (/agreements/<id>, /audit, ...) survive a reload.
 * Hashed assets are cached for a year; index.html never, so a new build is picked up at once.
 */
@Module({})
export class WebUiModule {
  static forRoot(options: WebUiOptions = {}): DynamicModule {
    const root = options.root ?? WEB_UI_DIR;
    if (!existsSync(join(root, 'index.html'))) {
      new Logger('WebUiModule').warn(
        `no web UI at ${root}: run "npm run build:web"; / answers 404 until then`,
      );
    }
    return {
      module: WebUiModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: root,
          exclude: NOT_UI,
          serveStaticOptions: {
            index: false,
            setHeaders: (response: { setHeader(name: string, value: string): void }, path: string) =>
              response.setHeader(
                'Cache-Control',
                /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
              ),
          },
        }),
      ],
    };
  }
}
