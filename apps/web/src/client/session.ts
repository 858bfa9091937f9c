/// <reference lib="dom" />
/**
 * The signed-in user: a bearer token kept in this tab's sessionStorage (closing the tab signs
 * out; a token is a credential, so it does not outlive the session in localStorage). Its claims
 * are read only to decide what to offer; the hub verifies the token on every request.
 */
export type Role = 'officer' | 'partner' | 'auditor' | 'admin';
export const ROLES: readonly Role[] = ['officer', 'partner', 'auditor', 'admin'];

export interface Claims {
  readonly sub: string;
  readonly role: Role;
  readonly node: string;
  readonly exp?: number;
}

const KEY = 'ketnoi.token';

/** The payload of a JWT, or undefined when `token` is not one with sub, role and node. */
export function claimsOf(token: string): Claims | undefined {
  const payload = token.trim().split('.')[1];
  if (!payload || token.trim().split('.').length !== 3) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) =>
      c.charCodeAt(0),
    );
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Claims>;
    if (typeof claims.sub !== 'string' || typeof claims.node !== 'string') return undefined;
    if (!ROLES.includes(claims.role as Role)) return undefined;
    return claims as Claims;
  } catch {
    return undefined;
  }
}

export const loadToken = (): string | null => sessionStorage.getItem(KEY);
export const saveToken = (token: string): void => sessionStorage.setItem(KEY, token.trim());
export const clearToken = (): void => sessionStorage.removeItem(KEY);
