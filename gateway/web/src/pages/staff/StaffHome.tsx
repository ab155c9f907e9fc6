import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { Page } from '../../components/Page';
import { useStaff } from '../../components/StaffSignedIn';
import { useLoad } from './common';

// StaffHomePage is the staff member's menu (業務メニュー) with the number of items
// waiting in each worklist of their office.
export function StaffHomePage() {
  const me = useStaff();
  const [counts] = useLoad(async () => {
    const n = async <T,>(p: Promise<T>) => p.catch(() => undefined);
    // One page (100) of each list: beyond it the count says 以上 (the worklist pages on).
    const [est, posts, images, changes] = await Promise.all([
      n(call(api.GET('/v1/staff/registrations', { params: { query: { page_size: 100 } } })).then((r) => ({ n: r.establishments?.length ?? 0, more: Boolean(r.next_page_token) }))),
      n(call(api.GET('/v1/staff/postings', { params: { query: { page_size: 100 } } }))),
      n(call(api.GET('/v1/staff/images', { params: { query: { page_size: 100 } } })).then((r) => ({ n: r.images?.length ?? 0, more: Boolean(r.next_page_token) }))),
      n(call(api.GET('/v1/establishment-changes', { params: { query: { page_size: 100 } } })).then((r) => ({ n: r.changes?.length ?? 0, more: Boolean(r.next_page_token) }))),
    ]);
    const items = posts?.items ?? [];
    const more = Boolean(posts?.next_page_token);
    return {
      est,
      postings: posts && { n: items.filter((i) => !i.posting?.pending_application).length, more },
      applications: posts && changes && { n: items.filter((i) => i.posting?.pending_application).length + changes.n, more: more || changes.more },
      overdue: items.filter((i) => i.overdue).length,
      images,
    };
  });
  const c = counts.kind === 'ready' ? counts.value : undefined;
  const num = (v: { n: number; more: boolean } | undefined) => (v === undefined ? '—' : `${v.n}件${v.more ? '以上' : ''}`);
  const rows: [string, string, string][] = [
    ['/staff/establishments', '事業所の受付(仮登録)', num(c?.est)],
    ['/staff/postings', '求人の受付・公開', `${num(c?.postings)}${c?.overdue ? `(うち公開期限超過 ${c.overdue}件)` : ''}`],
    ['/staff/applications', '変更・停止・延長の申請', num(c?.applications)],
    ['/staff/images', '画像の審査', num(c?.images)],
  ];
  return (
    <Page title="業務メニュー" lead={me?.office_code ? <p>安定所コード {me.office_code} の業務です。</p> : undefined}>
      <h2 className="text-std-20B-150 mb-3">受付待ち</h2>
      {counts.kind === 'loading' && (
        <p role="status" className="text-std-16N-175">
          読み込み中です…
        </p>
      )}
      <ul className="text-std-16N-175 mb-8 space-y-2">
        {rows.map(([to, label, count]) => (
          <li key={to}>
            <Link to={to}>{label}</Link>：{count}
          </li>
        ))}
      </ul>
      <h2 className="text-std-20B-150 mb-3">窓口の業務</h2>
      <ul className="text-std-16N-175 space-y-2">
        <li>
          <Link to="/staff/counter">窓口での事業所登録</Link>
        </li>
        <li>
          <Link to="/staff/postings/new">求人の窓口入力</Link>
        </li>
        <li>
          <Link to="/staff/transfers">事業所の移管</Link>
        </li>
        <li>
          <Link to="/staff/codes">アカウント作成コードの発行</Link>
        </li>
        <li>
          <Link to="/staff/referrals">窓口紹介(紹介状の発行)</Link>
        </li>
        <li>
          <Link to="/staff/deliveries">メール配信ログ</Link>
        </li>
        <li>
          <Link to="/staff/terminals">来所者端末の登録</Link>
        </li>
        <li>
          <Link to="/staff/accounts">職員アカウントの利用停止</Link>
        </li>
      </ul>
    </Page>
  );
}
