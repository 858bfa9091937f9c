import { mayRead, readScope } from './read-access.js';
import type { Actor } from '../node-context.js';

const actor = (role: Actor['role'], node = 'fr-nevers'): Actor => ({ subject: `${role}@${node}`, role, node });

describe('read access', () => {
  it('given a partner, when reading, then only agreements its node is party to are visible', () => {
    expect(readScope(actor('partner'))).toEqual({ kind: 'party', node: 'fr-nevers' });
    expect(mayRead(actor('partner'), ['vn-hue', 'fr-nevers'])).toBe(true);
    expect(mayRead(actor('partner'), ['vn-hue', 'kr-koica'])).toBe(false);
  });

  it.each(['officer', 'auditor', 'admin'] as const)('given an %s, when reading, then the whole node is visible', (role) => {
    expect(readScope(actor(role))).toEqual({ kind: 'all' });
    expect(mayRead(actor(role), ['vn-hue', 'kr-koica'])).toBe(true);
  });
});
