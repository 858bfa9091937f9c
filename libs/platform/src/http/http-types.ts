/**
 * The few parts of Express's request and response the edge uses. Declared here because the
 * project does not install `@types/express`; Nest's platform-express hands us these objects.
 */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly originalUrl?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body?: unknown;
  readonly params?: Readonly<Record<string, string>>;
}

export interface HttpResponse {
  statusCode: number;
  readonly headersSent: boolean;
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  send(body: string): HttpResponse;
  setHeader(name: string, value: string): HttpResponse;
  getHeader(name: string): string | number | string[] | undefined;
}

/** A header's single value, or undefined when absent; a repeated header counts as its first value. */
export const headerValue = (request: HttpRequest, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
