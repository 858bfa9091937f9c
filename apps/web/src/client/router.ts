/// <reference lib="dom" />
/** The UI's routes; paths are real (the hub answers any non-API path with index.html). */
export type Route =
  | { readonly view: 'board'; readonly status?: string }
  | { readonly view: 'draft' }
  | { readonly view: 'agreement'; readonly agreementId: string; readonly asOf?: string }
  | { readonly view: 'audit'; readonly asOf?: string }
  | { readonly view: 'portfolio'; readonly kind: 'node' | 'donor'; readonly nodeId: string }
  | { readonly view: 'signin' }
  | { readonly view: 'notFound' };

export function routeOf(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const asOf = params.get('asOf') ?? undefined;
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 0) return { view: 'board', status: params.get('status') ?? undefined };
  if (first === 'agreements' && second === 'new' && parts.length === 2) return { view: 'draft' };
  if (first === 'agreements' && second && parts.length === 2)
    return { view: 'agreement', agreementId: second, asOf };
  if (first === 'audit' && parts.length === 1) return { view: 'audit', asOf };
  if (first === 'portfolio' && second && parts.length === 2)
    return { view: 'portfolio', kind: 'node', nodeId: second };
  if (first === 'donors' && second && parts.length === 2)
    return { view: 'portfolio', kind: 'donor', nodeId: second };
  if (first === 'signin' && parts.length === 1) return { view: 'signin' };
  return { view: 'notFound' };
}
