// Japanese dates and times as the seeds print them, always in JST whatever the
// browser's time zone: 令和8年12月15日 (和暦), 2026年12月15日 (西暦), 15:04.

const tz = 'Asia/Tokyo';

const wareki = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  timeZone: tz,
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});
const seireki = new Intl.DateTimeFormat('ja-JP', { timeZone: tz, year: 'numeric', month: 'long', day: 'numeric' });
const time = new Intl.DateTimeFormat('ja-JP', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function toDate(v: Date | string): Date | null {
  const d = typeof v === 'string' ? new Date(v) : v;
  return Number.isNaN(d.getTime()) ? null : d;
}

// formatWareki: 令和8年12月15日; the first year of an era is 元年, as official
// documents write it.
export function formatWareki(v: Date | string): string {
  const d = toDate(v);
  if (!d) return '';
  return wareki.format(d).replace(/^(\D+)1年/, '$1元年');
}

// formatSeireki: 2026年12月15日.
export function formatSeireki(v: Date | string): string {
  const d = toDate(v);
  return d ? seireki.format(d) : '';
}

// formatTime: 15:04 (JST).
export function formatTime(v: Date | string): string {
  const d = toDate(v);
  return d ? time.format(d) : '';
}

// formatDateTime: 2026年12月15日 15:04 (JST).
export function formatDateTime(v: Date | string): string {
  const d = toDate(v);
  return d ? `${formatSeireki(d)} ${formatTime(d)}` : '';
}
