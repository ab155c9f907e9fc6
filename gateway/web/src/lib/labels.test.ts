import { describe, expect, it } from 'vitest';
import { signInResult } from './labels';

describe('signInResult', () => {
  it.each([
    ['SUCCESS', '成功'],
    ['ok', '成功'],
    ['FAILURE', '失敗'],
    ['FAILURE_LOCKED', '失敗'],
    ['denied', '失敗'],
    ['', ''],
    [undefined, ''],
  ])('%j → %j', (v, want) => {
    expect(signInResult(v)).toBe(want);
  });
});
