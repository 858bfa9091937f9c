import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { createTokenVerifier, mintToken, TokenRejectedError } from './jwt.js';

const key = generateKeyPairSync('ed25519');
const verify = createTokenVerifier({ kind: 'node-key', privateKey: key.privateKey });

describe('token verifier', () => {
  it('given a token that verified once, when it is sent again, then it names the same caller', async () => {
    const token = await mintToken({ role: 'partner', node: 'fr-nevers' }, key.privateKey);
    const first = await verify(token);
    expect(await verify(token)).toEqual(first);
    expect(first).toMatchObject({ role: 'partner', node: 'fr-nevers', subject: 'partner@fr-nevers' });
  });

  it('given a token that verified, when its exp passes, then it is refused although it was remembered', async () => {
    const token = await mintToken({ role: 'officer', node: 'vn-hue', ttlSeconds: 1 }, key.privateKey);
    await verify(token);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await expect(verify(token)).rejects.toThrow(new TokenRejectedError('token expired'));
  });

  it('given a remembered token, when one character of its signature changes, then the copy is checked and refused', async () => {
    const token = await mintToken({ role: 'admin', node: 'vn-hue' }, key.privateKey);
    await verify(token);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    await expect(verify(forged)).rejects.toThrow(TokenRejectedError);
  });

  it('given a token signed by another key, then it is refused', async () => {
    const other = generateKeyPairSync('ed25519');
    const token = await mintToken({ role: 'admin', node: 'vn-hue' }, other.privateKey);
    await expect(verify(token)).rejects.toThrow(new TokenRejectedError('token signature invalid'));
  });
});
