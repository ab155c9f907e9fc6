import { describe, expect, it } from 'vitest';
import { firstPage, next, previous, range, token } from './paging';

describe('worklist paging over page tokens', () => {
  it('starts on the first page without a token', () => {
    expect(token(firstPage)).toBe('');
    expect(range(firstPage, 100)).toBe('1〜100件目');
  });
  it('moves on with the answer’s next_page_token and back again', () => {
    const second = next(firstPage, 'tok-2');
    expect(token(second)).toBe('tok-2');
    expect(range(second, 1)).toBe('101〜101件目');
    const third = next(second, 'tok-3');
    expect(range(third, 5)).toBe('201〜205件目');
    expect(token(previous(third))).toBe('tok-2');
    expect(token(previous(previous(third)))).toBe('');
  });
  it('stays when there is no next page, and on the first page when going back', () => {
    expect(next(firstPage, '')).toBe(firstPage);
    expect(next(firstPage, undefined)).toBe(firstPage);
    expect(previous(firstPage)).toBe(firstPage);
  });
  it('names no range for an empty page', () => {
    expect(range(firstPage, 0)).toBe('');
  });
});
