import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Posting, type PostingList } from '../api/client';
import { ApiError } from '../lib/apiError';
import { formatWareki } from '../lib/dates';
import { categories, employmentForms, formatWage, label, prefectureOf, renewalWindowOpen, scopes, timeClasses, todayJST } from '../lib/postingLabels';
import { useSessionGuard } from '../lib/session';
import { Button } from './Button';
import { Notice } from './Form';

// The employer's posting cards and lists (JOB-4, LOGIN-6, domain.md §7): each card
// shows the status label, 職種, 受付年月日, 紹介期限日, 求人区分, 公開範囲, 就業場所,
// 雇用形態, the wage, 求人番号 and 求人数, with 詳細を表示 / 求人情報を編集 /
// 応募者管理へ進む, and the JOB-5 renewal badge from 14 days before the 紹介期限日.

// jstDate prints a YYYY-MM-DD date of the API as 令和8年6月30日.
export function jstDate(d: string | undefined): string {
  if (!d) return '';
  return formatWareki(`${d}T00:00:00+09:00`);
}

// editable: a draft or a returned application is edited in the wizard.
export function editable(p: Posting): boolean {
  return p.state === 'POSTING_STATE_DRAFT' || p.state === 'POSTING_STATE_RETURNED';
}

// withdrawable: an application the office has not accepted yet (申込み中, or returned
// for correction) can be taken back (取下げ).
export function withdrawable(p: Posting): boolean {
  return p.state === 'POSTING_STATE_PROVISIONAL' || p.state === 'POSTING_STATE_RETURNED';
}

// valid: accepted, published or held (有効求人).
export function isValid(p: Posting): boolean {
  return p.list === 'POSTING_LIST_VALID';
}

export function workplaceText(p: Posting): string {
  const w = p.content?.workplace;
  if (!w) return '';
  return [prefectureOf(w.municipality), w.address].filter(Boolean).join(' ');
}

export function PostingCard({ posting: p, headingLevel = 3 }: { posting: Posting; headingLevel?: 2 | 3 }) {
  const c = p.content ?? {};
  const occupation = c.job?.occupation || '（職種未入力）';
  const renewal = isValid(p) && renewalWindowOpen(p.renewal_opens_on, p.referral_deadline, todayJST());
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const rows: Array<[string, string]> = [
    ['受付年月日', jstDate(p.accepted_on)],
    ['紹介期限日', jstDate(p.referral_deadline)],
    ['求人区分', [label(categories, c.category?.category), label(timeClasses, c.category?.time_class)].filter(Boolean).join('・')],
    ['公開範囲', label(scopes, c.category?.scope)],
    ['就業場所', workplaceText(p)],
    ['雇用形態', label(employmentForms, c.job?.employment_form)],
    ['賃金（手当等を含む）', formatWage(p.wage)],
    ['求人番号', p.job_number ?? ''],
  ];
  return (
    <article aria-labelledby={`posting-${p.posting_id}`} className="rounded-8 border border-solid-gray-420 bg-white p-4 md:p-6">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <span className="text-std-16B-175 rounded-4 bg-blue-100 px-2 text-blue-1000">{p.status_label}</span>
        {renewal && (
          <span className="text-std-16B-175 rounded-4 bg-yellow-300 px-2 text-solid-gray-900">更新受付中</span>
        )}
        {p.counter_visit_by && p.list === 'POSTING_LIST_APPLYING' && (
          <span className="text-std-16N-175 text-red-1000">来所期限 {jstDate(p.counter_visit_by)}</span>
        )}
      </div>
      <H id={`posting-${p.posting_id}`} className="text-std-20B-150 mb-2 break-all">
        {occupation}
      </H>
      <dl className="text-std-16N-175 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-bold">{k}</dt>
              <dd className="break-all">{v}</dd>
            </div>
          ))}
        <dt className="font-bold">求人数</dt>
        <dd>{c.category?.openings ? `${c.category.openings}名` : '未入力'}</dd>
      </dl>
      {renewal && (
        <p className="text-std-16N-175 mt-2">
          紹介期限日の14日前になりました。更新（新しい求人番号での再申込み）を申し込めます。
        </p>
      )}
      <ul className="mt-4 flex flex-wrap gap-x-6 gap-y-2">
        <li>
          <Link to={`/postings/${p.posting_id}`} className="text-std-16B-175" aria-describedby={`posting-${p.posting_id}`}>
            詳細を表示
          </Link>
        </li>
        {(editable(p) || isValid(p)) && (
          <li>
            <Link
              to={editable(p) ? `/postings/${p.posting_id}/edit` : `/postings/${p.posting_id}/manage`}
              className="text-std-16B-175"
              aria-describedby={`posting-${p.posting_id}`}
            >
              求人情報を編集
            </Link>
          </li>
        )}
        {p.job_number && (
          <li>
            <Link
              to={`/postings/${p.posting_id}/applicants`}
              className="text-std-16B-175"
              aria-describedby={`posting-${p.posting_id}`}
            >
              応募者管理へ進む
            </Link>
          </li>
        )}
      </ul>
    </article>
  );
}

const listTitles: Record<Exclude<PostingList, 'POSTING_LIST_UNSPECIFIED'>, { title: string; empty: string }> = {
  POSTING_LIST_VALID: { title: '有効求人', empty: '有効中の求人はありません。' },
  POSTING_LIST_APPLYING: { title: '申込み中の求人', empty: '申込み中・入力中の求人はありません。' },
  POSTING_LIST_INVALID: { title: '無効求人', empty: '無効となった求人はありません。' },
};

type ListState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; postings: Posting[]; next: string };

// PostingListSection is one of the three lists, 30 a page, paged with 前へ / 次へ on
// the service's cursor (the tokens of the pages seen are kept to go back).
export function PostingListSection({ list, onLoaded }: { list: Exclude<PostingList, 'POSTING_LIST_UNSPECIFIED'>; onLoaded?: ((postings: Posting[], res: { counts?: { group?: string; valid?: number }[] }) => void) | undefined }) {
  const guard = useSessionGuard();
  const [tokens, setTokens] = useState<string[]>(['']);
  const [state, setState] = useState<ListState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const token = tokens[tokens.length - 1] ?? '';
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    (async () => {
      try {
        const res = await call(
          api.GET('/v1/postings', { params: { query: { list, page_size: 30, ...(token ? { page_token: token } : {}) } } }),
        );
        if (cancelled) return;
        setState({ kind: 'ready', postings: res.postings ?? [], next: res.next_page_token ?? '' });
        onLoaded?.(res.postings ?? [], res);
      } catch (e) {
        if (cancelled || guard(e)) return;
        setState({ kind: 'error', message: e instanceof ApiError ? e.localized : 'システムエラーが発生しました。' });
      }
    })();
    return () => {
      cancelled = true;
    };
    // onLoaded is the parent's; a new function each render must not reload the list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list, token, guard, attempt]);
  const { title, empty } = listTitles[list];
  const id = `list-${list.toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="mb-10">
      <h2 id={id} className="text-std-24B-150 mb-4">
        {title}
        {state.kind === 'ready' && <span className="text-std-16N-175 ml-2">（{tokens.length > 1 ? `${tokens.length}ページ目` : `${state.postings.length}${state.next ? '件以上' : '件'}`}）</span>}
      </h2>
      {state.kind === 'loading' && (
        <p role="status" className="text-std-16N-175">
          読み込み中です…
        </p>
      )}
      {state.kind === 'error' && (
        <Notice tone="warning">
          <p role="alert">{state.message}</p>
          <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
            再読み込み
          </Button>
        </Notice>
      )}
      {state.kind === 'ready' && state.postings.length === 0 && (
        <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">{empty}</p>
      )}
      {state.kind === 'ready' && state.postings.length > 0 && (
        <ul className="space-y-4">
          {state.postings.map((p) => (
            <li key={p.posting_id}>
              <PostingCard posting={p} />
            </li>
          ))}
        </ul>
      )}
      {state.kind === 'ready' && (tokens.length > 1 || state.next) && (
        <nav aria-label={`${title}のページ`} className="mt-4 flex gap-4">
          {tokens.length > 1 && (
            <Button variant="secondary" onClick={() => setTokens((t) => t.slice(0, -1))}>
              前へ
            </Button>
          )}
          {state.next && (
            <Button variant="secondary" onClick={() => setTokens((t) => [...t, state.next])}>
              次へ
            </Button>
          )}
        </nav>
      )}
    </section>
  );
}
