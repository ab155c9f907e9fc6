import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Account, type HomeSummary } from '../api/client';
import { Button } from '../components/Button';
import { PostingListSection } from '../components/PostingCard';
import { Notice } from '../components/Form';
import { Page } from '../components/Page';
import { ApiError } from '../lib/apiError';
import { markSignedIn } from '../lib/flow';
import { useSessionGuard } from '../lib/session';

// Counts of the home screen (LOGIN-6): valid postings per group from job-posting
// (JOB-6), hires per group and unread messages from applicant-selection. Either may be
// missing (a provisional account has no applicants yet): the screen shows what it got.
type Counts = {
  valid: Record<string, number> | undefined;
  hires: Record<string, number> | undefined;
  newMessages: number | undefined;
};

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; account: Account; home?: HomeSummary | undefined; counts: Counts; registration?: string | undefined };

// What a provisional account's 事業所情報の仮登録 (OPEN-1) is at: none yet, being
// typed, with the office, or returned for correction.
const registrationText: Record<string, string> = {
  ESTABLISHMENT_STATE_DRAFT: '事業所情報：入力中',
  ESTABLISHMENT_STATE_PROVISIONAL: '事業所情報：申込み済み（ハローワーク確認中）',
  ESTABLISHMENT_STATE_RETURNED: '事業所情報：ハローワークから修正依頼があります',
  ESTABLISHMENT_STATE_REJECTED: '事業所情報：受理されませんでした',
};

const groups = ['一般', '学卒', '障害者'] as const;

function byGroup(rows: { group?: string; valid?: number; hired?: number }[] | undefined, key: 'valid' | 'hired') {
  if (!rows) return undefined;
  const out: Record<string, number> = {};
  for (const r of rows) if (r.group) out[r.group] = r[key] ?? 0;
  return out;
}

// HomePage is 求人者マイページホーム (LOGIN-6): the establishment and its jurisdiction
// office, 新着メッセージ N件, per 一般 / 学卒 / 障害者 the 求人件数 and 採用人数, and the
// lists of valid, being-applied-for and invalid postings (JOB-4).
export function HomePage() {
  const guard = useSessionGuard();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const account = await call(api.GET('/v1/identity/account'));
        markSignedIn(true);
        let home: HomeSummary | undefined;
        const provisional = account.role === 'ACCOUNT_ROLE_PROVISIONAL';
        let registration: string | undefined;
        if (provisional) {
          try {
            const est = await call(api.GET('/v1/establishments:mine'));
            registration = registrationText[est.state ?? ''];
          } catch (e) {
            if (guard(e)) return;
            registration = '事業所情報：未入力';
          }
        }
        if (account.establishment_id && !provisional) {
          home = await call(
            api.GET('/v1/establishments/{establishment_id}/home', { params: { path: { establishment_id: account.establishment_id } } }),
          );
        }
        const counts: Counts = { valid: undefined, hires: undefined, newMessages: undefined };
        if (account.establishment_id && !provisional) {
          const [postings, applicants] = await Promise.allSettled([
            call(api.GET('/v1/postings', { params: { query: { list: 'POSTING_LIST_VALID', page_size: 1 } } })),
            call(api.GET('/v1/applicants:homeCounts')),
          ]);
          for (const r of [postings, applicants]) if (r.status === 'rejected' && guard(r.reason)) return;
          if (postings.status === 'fulfilled') counts.valid = byGroup(postings.value.counts, 'valid');
          if (applicants.status === 'fulfilled') {
            counts.hires = byGroup(applicants.value.hires, 'hired');
            counts.newMessages = applicants.value.new_messages ?? 0;
          }
        }
        if (!cancelled) setState({ kind: 'ready', account, home, counts, registration });
      } catch (e) {
        if (cancelled || guard(e)) return;
        setState({ kind: 'error', message: e instanceof ApiError ? e.localized : 'システムエラーが発生しました。' });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [guard, attempt]);

  return (
    <Page title="求人者マイページホーム">
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
      {state.kind === 'ready' && (
        <>
          <section aria-labelledby="establishment" className="mb-8 rounded-8 border border-solid-gray-420 p-4 md:p-6">
            <h2 id="establishment" className="text-std-20B-150 mb-2">
              {state.home?.establishment_name ? `${state.home.establishment_name} 様` : 'ようこそ'}
            </h2>
            <dl className="text-std-16N-175 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              {state.home?.office_name && (
                <>
                  <dt className="font-bold">管轄安定所名</dt>
                  <dd>{state.home.office_name}</dd>
                </>
              )}
              {state.home?.establishment_number && (
                <>
                  <dt className="font-bold">事業所番号</dt>
                  <dd>{state.home.establishment_number}</dd>
                </>
              )}
              <dt className="font-bold">ログインID</dt>
              <dd className="break-all">{state.account.email}</dd>
            </dl>
          </section>
          {state.account.role === 'ACCOUNT_ROLE_PROVISIONAL' && (
            <Notice title="事業所情報・求人情報の仮登録" tone="warning">
              <p>
                アカウントは仮登録の状態です。事業所情報・求人情報を入力(仮登録)してください。ハローワークにおいて内容の確認が完了し受理されると、求人者マイページが開設されます。
              </p>
              {state.registration && <p className="font-bold">{state.registration}</p>}
              <ul className="list-disc space-y-1 pl-6">
                <li>
                  <Link to="/registration/establishment">事業所情報の仮登録へ進む</Link>
                </li>
                <li>
                  <Link to="/postings/new">求人情報の仮登録へ進む</Link>
                </li>
              </ul>
            </Notice>
          )}
          {state.account.role !== 'ACCOUNT_ROLE_PROVISIONAL' && (
            <section aria-labelledby="messages" className="mb-8">
              <h2 id="messages" className="text-std-20B-150 mb-2">
                メッセージ
              </h2>
              <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">
                {state.counts.newMessages === undefined
                  ? '新着メッセージの件数を取得できませんでした。'
                  : state.counts.newMessages > 0
                    ? `新着メッセージ ${state.counts.newMessages}件`
                    : '新着メッセージはありません。'}
              </p>
            </section>
          )}
          {state.account.establishment_id && (
            <>
              <section aria-labelledby="counts" className="mb-8">
                <h2 id="counts" className="text-std-20B-150 mb-2">
                  求人件数・採用人数
                </h2>
                <table className="text-std-16N-175 w-full border-collapse">
                  <thead>
                    <tr className="border-b border-solid-gray-420">
                      <th scope="col" className="p-2 text-left">
                        区分
                      </th>
                      <th scope="col" className="p-2 text-right">
                        求人件数（有効）
                      </th>
                      <th scope="col" className="p-2 text-right">
                        採用人数
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((g) => (
                      <tr key={g} className="border-b border-solid-gray-420">
                        <th scope="row" className="p-2 text-left">
                          {g}
                        </th>
                        <td className="p-2 text-right">{state.counts.valid ? `${state.counts.valid[g] ?? 0}件` : '—'}</td>
                        <td className="p-2 text-right">{state.counts.hires ? `${state.counts.hires[g] ?? 0}人` : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <div className="mb-10 flex flex-col gap-4 sm:flex-row">
                <Link
                  to="/postings/new"
                  className="text-std-16B-175 inline-flex min-h-12 items-center justify-center rounded-8 bg-blue-900 px-4 py-2 text-white no-underline hover:bg-blue-1000 hover:underline"
                >
                  新規求人情報を登録
                </Link>
              </div>
              <PostingListSection list="POSTING_LIST_VALID" />
              <PostingListSection list="POSTING_LIST_APPLYING" />
              <PostingListSection list="POSTING_LIST_INVALID" />
            </>
          )}
        </>
      )}
    </Page>
  );
}
