import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

describe('KETNOI_IATI_PUBLISHER_REF', () => {
  it('given nothing set, when loaded, then a node-derived identifier under agency XI is used', () => {
    expect(loadConfig({ KETNOI_NODE_ID: 'vn-danang' }, '/srv').iati.publisherRef).toBe('XI-KETNOI-vn-danang');
  });

  it.each(['KR-GOV-010', 'XM-DAC-41114', 'VN-HUE.DOFA_1'])(
    'given %s, when loaded, then it is the prefix',
    (ref) => {
      expect(loadConfig({ KETNOI_IATI_PUBLISHER_REF: ` ${ref} ` }, '/srv').iati.publisherRef).toBe(ref);
    },
  );

  it.each(['KOICA', 'KR GOV 010', 'KR-GOV/010', 'KR-GOV&010', '-KR-GOV', 'KR-'])(
    'given %j, when loaded, then the start stops naming the variable',
    (ref) => {
      let caught: unknown;
      try {
        loadConfig({ KETNOI_IATI_PUBLISHER_REF: ref }, '/srv');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).message).toMatch(
        /^Invalid configuration: KETNOI_IATI_PUBLISHER_REF must be/,
      );
    },
  );
});
