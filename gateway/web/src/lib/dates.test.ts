import { describe, expect, it } from 'vitest';
import { formatDateTime, formatSeireki, formatTime, formatWareki } from './dates';

describe('Japanese dates in JST', () => {
  it('prints 令和 as the seed prints the expiry of an account creation code', () => {
    expect(formatWareki('2026-12-15T03:00:00Z')).toBe('令和8年12月15日');
  });
  it('uses JST whatever the time zone of the machine (15:30 UTC is the next day in Japan)', () => {
    expect(formatWareki('2026-12-14T15:30:00Z')).toBe('令和8年12月15日');
    expect(formatSeireki('2026-12-14T15:30:00Z')).toBe('2026年12月15日');
    expect(formatTime('2026-12-14T15:30:00Z')).toBe('00:30');
    expect(formatDateTime('2026-12-15T06:04:00Z')).toBe('2026年12月15日 15:04');
  });
  it('writes the first year of an era as 元年', () => {
    expect(formatWareki('2019-05-01T00:00:00+09:00')).toBe('令和元年5月1日');
    expect(formatWareki('2020-05-01T00:00:00+09:00')).toBe('令和2年5月1日');
  });
  it('prints nothing for an invalid date', () => {
    expect(formatWareki('not a date')).toBe('');
  });
});
