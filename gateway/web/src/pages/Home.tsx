import { useEffect, useState } from 'react';
import { api, call, type Account, type HomeSummary } from '../api/client';
import { Button } from '../components/Button';
import { Notice } from '../components/Form';
import { Page } from '../components/Page';
import { ApiError } from '../lib/apiError';
import { markSignedIn } from '../lib/flow';
import { useSessionGuard } from '../lib/session';

type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; account: Account; home?: HomeSummary | undefined };

// HomePage is 求人者マイページホーム (LOGIN-6), as far as the REST edge serves it today:
// the establishment and its jurisdiction office. Postings, hires and messages come
// with the job-posting and applicant-selection services.
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
        if (account.establishment_id) {
          home = await call(
            api.GET('/v1/establishments/{establishment_id}/home', { params: { path: { establishment_id: account.establishment_id } } }),
          );
        }
        if (!cancelled) setState({ kind: 'ready', account, home });
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
          {state.account.role === 'ACCOUNT_ROLE_PROVISIONAL' ? (
            <Notice title="事業所情報・求人情報の仮登録" tone="warning">
              <p>
                アカウントは仮登録の状態です。事業所情報・求人情報を入力(仮登録)してください。ハローワークにおいて内容の確認が完了し受理されると、求人者マイページが開設されます。
              </p>
              <p>事業所情報の入力画面は準備中です。</p>
            </Notice>
          ) : (
            <>
              <section aria-labelledby="postings" className="mb-8">
                <h2 id="postings" className="text-std-20B-150 mb-2">
                  求人／応募管理
                </h2>
                <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">有効中の求人はありません。求人の登録・管理は準備中です。</p>
              </section>
              <section aria-labelledby="messages" className="mb-8">
                <h2 id="messages" className="text-std-20B-150 mb-2">
                  メッセージ
                </h2>
                <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">新着メッセージはありません。</p>
              </section>
            </>
          )}
        </>
      )}
    </Page>
  );
}
