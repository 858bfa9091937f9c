import { describe, expect, it } from '@jest/globals';
import { inboxTopicFor, nodeIdFromSource, sourceFor } from './topics.js';

describe('topic and source naming', () => {
  it('names the inbox of a node', () => {
    expect(inboxTopicFor('fr-nevers')).toBe('ketnoi.v1.inbox.fr-nevers');
    expect(() => inboxTopicFor('fr.nevers')).toThrow(/nodeId must be a node id/);
  });

  it('round-trips a node id through the CloudEvents source', () => {
    expect(sourceFor('org-koica')).toBe('urn:ketnoi:node:org-koica');
    expect(nodeIdFromSource('urn:ketnoi:node:org-koica')).toBe('org-koica');
  });

  it.each([
    '/mycontext',
    'urn:ketnoi:node:',
    'urn:ketnoi:node:Org-Koica',
    'urn:ketnoi:node:a',
    'urn:other:node:vn-hue',
  ])('finds no node id in %s', (source) => expect(nodeIdFromSource(source)).toBeUndefined());
});
