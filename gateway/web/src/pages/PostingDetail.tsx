import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, call, type Posting } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { ErrorSummary, Notice } from '../components/Form';
import { Page } from '../components/Page';
import { editable, isValid, jstDate, PostingCard, withdrawable } from '../components/PostingCard';
import { ApiError } from '../lib/apiError';
import { formatDateTime } from '../lib/dates';
import { label, labels } from '../lib/postingLabels';
import { fieldName, fromSection, sectionFields, sections, type FieldDef, type SectionKey } from '../lib/postingForm';
import { useSessionGuard } from '../lib/session';
import { LoadError, Loading, usePosting } from './PostingWizard';

// The posting's own screens besides the wizard: the detail (詳細を表示), 求人情報編集
// for a valid posting (JOB-3 stop / cancellation / extension, JOB-5 renewal) and the
// 転用可能な求人一覧 (JOB-1 reuse).

const message = (e: unknown) => (e instanceof ApiError ? e.localized : 'システムエラーが発生しました。時間をおいて再度お試しください。');

function shown(def: FieldDef, section: unknown): string {
  const v = fromSection(keyOf(def), section)[fieldName(def.path)];
  if (v === undefined || v === '' || v === false) return '';
  if (Array.isArray(v)) return labels(def.options ?? [], v);
  switch (def.kind) {
    case 'select':
    case 'radio':
      return label(def.options ?? [], String(v));
    case 'bool':
      return 'あり';
    case 'optbool':
      return v === 'yes' ? '送信できる' : '送信できない';
    default:
      return String(v);
  }
}

function keyOf(def: FieldDef): SectionKey {
  return sections.find((s) => sectionFields[s.key].includes(def))?.key ?? 'category';
}

// PostingContentView prints the eight sections as the employer entered them.
export function PostingContentView({ posting }: { posting: Posting }) {
  return (
    <>
      {sections.map((s, i) => {
        const data = posting.content?.[s.key];
        const rows = data ? sectionFields[s.key].map((d) => [d.label, shown(d, data)] as const).filter(([, v]) => v) : [];
        return (
          <section key={s.key} aria-labelledby={`detail-${s.key}`} className="mb-8">
            <h2 id={`detail-${s.key}`} className="text-std-20B-150 mb-2 border-b border-solid-gray-420 pb-1">
              {i + 1}. {s.title}
            </h2>
            {rows.length === 0 ? (
              <p className="text-std-16N-175 text-solid-gray-700">未入力</p>
            ) : (
              <dl className="text-std-16N-175 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[14rem_1fr]">
                {rows.map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="font-bold">{k}</dt>
                    <dd className="mb-2 whitespace-pre-wrap break-all sm:mb-0">{v}</dd>
                  </div>
                ))}
              </dl>
            )}
          </section>
        );
      })}
    </>
  );
}

const pendingLabels: Record<string, string> = { CHANGE: '変更', STOP: '募集停止', CANCEL: '取消', EXTENSION: '有効期間延長' };

// useReuse starts a new draft from a posting (JOB-1 転用) and opens it in the wizard.
function useReuse() {
  const guard = useSessionGuard();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reuse = async (p: Posting) => {
    setBusy(true);
    setError(undefined);
    try {
      const draft = await call(api.POST('/v1/postings', { body: { reuse_of: p.posting_id ?? '' } }));
      navigate(`/postings/${draft.posting_id}/edit`);
    } catch (e) {
      if (!guard(e)) setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  return { reuse, error, busy };
}

// useWithdraw takes back an application the office has not accepted yet (取下げ, JOB-1):
// 申込み中 or returned for correction. The API has no withdrawal of a change
// application of a valid posting (that one the office decides).
function useWithdraw(set: (p: Posting) => void) {
  const guard = useSessionGuard();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const withdraw = async (id: string) => {
    setBusy(true);
    setError(undefined);
    try {
      set(await call(api.POST('/v1/postings/{posting_id}:withdraw', { params: { path: { posting_id: id } }, body: {} })));
      return true;
    } catch (e) {
      if (!guard(e)) {
        setError(message(e));
        setAttempt((n) => n + 1);
      }
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { withdraw, error, busy, attempt };
}

export function PostingDetailPage() {
  const { postingId } = useParams();
  const [params, setParams] = useSearchParams();
  const { state, reload, set } = usePosting(postingId);
  const { reuse, error, busy } = useReuse();
  const w = useWithdraw(set);
  const confirming = params.get('withdraw') === 'confirm';
  const [withdrawn, setWithdrawn] = useState(false);
  return (
    <Page title={confirming ? '求人の申込みの取下げの確認' : '求人情報詳細'}>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <LoadError text={state.message} retry={reload} />}
      {state.kind === 'ready' && (
        <>
          {error && (
            <Notice tone="warning">
              <p role="alert">{error}</p>
            </Notice>
          )}
          {state.posting.office_message && (state.posting.state === 'POSTING_STATE_RETURNED' || state.posting.state === 'POSTING_STATE_REJECTED') && (
            <Notice tone="warning" title={state.posting.state === 'POSTING_STATE_RETURNED' ? 'ハローワークからの修正依頼' : '不受理の理由'}>
              <p className="whitespace-pre-wrap">{state.posting.office_message}</p>
            </Notice>
          )}
          {state.posting.pending_application && (
            <Notice tone="info" title={`${pendingLabels[state.posting.pending_application] ?? ''}の申請中`}>
              <p>ハローワークで申請内容を確認しています。</p>
            </Notice>
          )}
          {withdrawn && (
            <Notice tone="success">
              <p role="status">求人の申込みを取り下げました。この求人は無効求人になりました。内容を転用して、新しく申込むことができます。</p>
            </Notice>
          )}
          <ErrorSummary message={w.error} items={[]} focusKey={w.attempt} />
          <div className="mb-8">
            <PostingCard posting={state.posting} headingLevel={2} />
          </div>
          {confirming && withdrawable(state.posting) && (
            <section aria-labelledby="withdraw-title" className="mb-8 rounded-8 border-2 border-yellow-700 bg-yellow-50 p-4">
              <h2 id="withdraw-title" className="text-std-20B-150 mb-2">
                申込みを取り下げますか
              </h2>
              <p className="text-std-16N-175">この求人の申込みを取り下げます。取り下げた求人はハローワークで確認されず、無効求人になります。取下げは元に戻せません。</p>
              <ButtonRow>
                <Button
                  onClick={async () => {
                    if (await w.withdraw(postingId ?? '')) {
                      setWithdrawn(true);
                      setParams({});
                    }
                  }}
                  disabled={w.busy}
                >
                  取り下げる
                </Button>
                <Button variant="secondary" onClick={() => setParams({})} disabled={w.busy}>
                  戻る
                </Button>
              </ButtonRow>
            </section>
          )}
          <dl className="text-std-16N-175 mb-8 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            {state.posting.submitted_at && (
              <>
                <dt className="font-bold">申込み日時</dt>
                <dd>{formatDateTime(state.posting.submitted_at)}</dd>
              </>
            )}
            {state.posting.publish_by && (
              <>
                <dt className="font-bold">公開予定日（目安）</dt>
                <dd>{jstDate(state.posting.publish_by)}まで</dd>
              </>
            )}
            {state.posting.counter_visit_by && (
              <>
                <dt className="font-bold">来所期限</dt>
                <dd>{jstDate(state.posting.counter_visit_by)}</dd>
              </>
            )}
            {state.posting.extended && (
              <>
                <dt className="font-bold">有効期間延長</dt>
                <dd>延長済み</dd>
              </>
            )}
          </dl>
          <ButtonRow>
            {editable(state.posting) && (
              <Link to={`/postings/${postingId}/edit`} className="text-std-16B-175">
                求人情報を編集
              </Link>
            )}
            {isValid(state.posting) && (
              <Link to={`/postings/${postingId}/manage`} className="text-std-16B-175">
                求人情報編集（変更・募集停止・延長・更新）
              </Link>
            )}
            {state.posting.state !== 'POSTING_STATE_DRAFT' && (
              <Button variant="secondary" onClick={() => reuse(state.posting)} disabled={busy}>
                この求人を転用して新規登録
              </Button>
            )}
            {withdrawable(state.posting) && !confirming && (
              <Button variant="secondary" onClick={() => setParams({ withdraw: 'confirm' })}>
                申込みを取り下げる
              </Button>
            )}
            <Link to={`/postings/${postingId}/sheet`} className="text-std-16B-175">
              求人票を表示（印刷・PDF）
            </Link>
          </ButtonRow>
          <h2 className="text-std-24B-150 mb-4 mt-10">求人情報の内容</h2>
          <PostingContentView posting={state.posting} />
          <p className="mt-8">
            <Link to="/home">求人者マイページホームへ戻る</Link>
          </p>
        </>
      )}
    </Page>
  );
}

// 転用可能な求人一覧 (JOB-1): every earlier posting of the establishment, valid or
// invalid, can start a new draft.
export function PostingReusePage() {
  const guard = useSessionGuard();
  const [tokens, setTokens] = useState<string[]>(['']);
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; postings: Posting[]; next: string }>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const { reuse, error, busy } = useReuse();
  const token = tokens[tokens.length - 1] ?? '';
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    (async () => {
      try {
        const res = await call(api.GET('/v1/postings', { params: { query: { page_size: 30, ...(token ? { page_token: token } : {}) } } }));
        if (!cancelled) setState({ kind: 'ready', postings: (res.postings ?? []).filter((p) => p.state !== 'POSTING_STATE_DRAFT'), next: res.next_page_token ?? '' });
      } catch (e) {
        if (!cancelled && !guard(e)) setState({ kind: 'error', message: message(e) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [token, guard, attempt]);
  return (
    <Page title="転用可能な求人一覧" lead={<p>以前に申込んだ求人の内容を写して、新しい求人を登録できます（有効・無効を問いません）。</p>}>
      {error && (
        <Notice tone="warning">
          <p role="alert">{error}</p>
        </Notice>
      )}
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <LoadError text={state.message} retry={() => setAttempt((n) => n + 1)} />}
      {state.kind === 'ready' && state.postings.length === 0 && <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">転用できる求人はありません。</p>}
      {state.kind === 'ready' && state.postings.length > 0 && (
        <ul className="space-y-4">
          {state.postings.map((p) => (
            <li key={p.posting_id}>
              <PostingCard posting={p} headingLevel={2} />
              <Button variant="secondary" className="mt-2" onClick={() => reuse(p)} disabled={busy} aria-label={`この求人を転用：${p.content?.job?.occupation ?? ''}${p.job_number ? `（${p.job_number}）` : ''}`}>
                この求人を転用
              </Button>
            </li>
          ))}
        </ul>
      )}
      {state.kind === 'ready' && (tokens.length > 1 || state.next) && (
        <nav aria-label="ページ" className="mt-4 flex gap-4">
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
    </Page>
  );
}

type ApplicationKind = 'stop' | 'cancel' | 'extension' | 'renewal';

const applications: Record<ApplicationKind, { title: string; what: string; done: string }> = {
  stop: { title: '募集停止', what: '採用予定人数を充足した場合などに、募集を停止します。ハローワークが確認した後、この求人は無効になります。', done: '募集停止を申請しました。' },
  cancel: { title: '取消', what: '求人を取り消します。ハローワークが確認した後、この求人は無効になります。', done: '取消を申請しました。' },
  extension: { title: '有効期間延長', what: '紹介期限日を1か月延長します（1回のみ）。「更新」とは異なり、求人番号は変わりません。', done: '有効期間延長を申請しました。' },
  renewal: { title: '更新', what: '紹介期限日の14日前から、この求人の内容で新しい求人を申込めます。受理されると新しい求人番号が付きます。', done: '' },
};

// 求人情報編集 of a valid posting: pick an application, confirm it, send it.
export function PostingManagePage() {
  const { postingId } = useParams();
  const [params, setParams] = useSearchParams();
  const { state, reload, set } = usePosting(postingId);
  const guard = useSessionGuard();
  const navigate = useNavigate();
  const kind = params.get('apply') as ApplicationKind | null;
  const step = params.get('step');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string | undefined>(params.get('changed') ? '変更を申請しました。' : undefined);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    if (!kind || !postingId) return;
    setBusy(true);
    setError(undefined);
    try {
      const path = { params: { path: { posting_id: postingId } }, body: { note } };
      if (kind === 'renewal') {
        const draft = await call(api.POST('/v1/postings', { body: { renewal_of: postingId } }));
        navigate(`/postings/${draft.posting_id}/edit`);
        return;
      }
      const p =
        kind === 'stop'
          ? await call(api.POST('/v1/postings/{posting_id}:requestStop', path))
          : kind === 'cancel'
            ? await call(api.POST('/v1/postings/{posting_id}:requestCancellation', path))
            : await call(api.POST('/v1/postings/{posting_id}:requestExtension', path));
      set(p);
      setDone(applications[kind].done);
      setParams({});
    } catch (e) {
      if (guard(e)) return;
      setError(message(e));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const title = kind ? `${applications[kind].title}の${step === 'confirm' ? '確認' : '申請'}` : '求人情報編集';
  return (
    <Page title={title}>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <LoadError text={state.message} retry={reload} />}
      {state.kind === 'ready' && (
        <>
          <ErrorSummary message={error} items={[]} focusKey={attempt} />
          {done && (
            <Notice tone="success">
              <p role="status">{done}ハローワークが内容を確認します。</p>
            </Notice>
          )}
          <div className="mb-8">
            <PostingCard posting={state.posting} headingLevel={2} />
          </div>
          {!isValid(state.posting) && (
            <Notice tone="info">
              <p>この求人は有効求人ではないため、変更・募集停止・延長・更新は申請できません。</p>
              {withdrawable(state.posting) && (
                <p>
                  <Link to={`/postings/${postingId}?withdraw=confirm`}>申込みを取り下げる</Link>
                </p>
              )}
            </Notice>
          )}
          {isValid(state.posting) && !kind && (
            <>
              {state.posting.pending_application && (
                <Notice tone="info">
                  <p>{pendingLabels[state.posting.pending_application] ?? ''}の申請中です。ハローワークの確認が終わるまで、ほかの申請はできません。</p>
                </Notice>
              )}
              <h2 className="text-std-20B-150 mb-4">申請する内容を選んでください</h2>
              <ul className="space-y-4">
                {(Object.keys(applications) as ApplicationKind[])
                  .filter((k) => !(k === 'extension' && state.posting.extended))
                  .map((k) => (
                    <li key={k} className="rounded-8 border border-solid-gray-420 p-4">
                      <p className="text-std-16N-175 mb-2">{applications[k].what}</p>
                      {k === 'renewal' && state.posting.renewal_opens_on && (
                        <p className="text-std-16N-175 mb-2">更新の受付開始日：{jstDate(state.posting.renewal_opens_on)}</p>
                      )}
                      <Button variant="secondary" onClick={() => setParams({ apply: k })}>
                        {applications[k].title}を申請する
                      </Button>
                    </li>
                  ))}
              </ul>
              {!state.posting.pending_application && (
                <div className="mt-4 rounded-8 border border-solid-gray-420 p-4">
                  <p className="text-std-16N-175 mb-2">
                    求人内容を変更します。変更後の内容すべてをハローワークが確認し、受理されるまで公開中の内容は変わりません。
                  </p>
                  <Link to={`/postings/${postingId}/change`} className="text-std-16B-175">
                    変更を申請する
                  </Link>
                </div>
              )}
            </>
          )}
          {isValid(state.posting) && kind && applications[kind] && (
            <section aria-labelledby="apply-title">
              <h2 id="apply-title" className="text-std-20B-150 mb-4">
                {applications[kind].title}
              </h2>
              <p className="text-std-16N-175 mb-4">{applications[kind].what}</p>
              {kind !== 'renewal' && step !== 'confirm' && (
                <div className="mb-6">
                  <label htmlFor="note" className="text-std-17B-170 block">
                    ハローワークへの連絡事項
                  </label>
                  <p id="note-hint" className="text-std-16N-175 text-solid-gray-700">
                    2000文字以内（例：採用予定人数を充足したため）
                  </p>
                  <textarea
                    id="note"
                    rows={4}
                    value={note}
                    onChange={(e) => setNote(e.target.value)}
                    aria-describedby="note-hint"
                    className="text-std-16N-175 mt-2 block w-full rounded-8 border border-solid-gray-600 bg-white px-4 py-3 hover:border-black"
                  />
                </div>
              )}
              {step === 'confirm' && (
                <dl className="text-std-16N-175 mb-4 grid grid-cols-[auto_1fr] gap-x-4">
                  <dt className="font-bold">申請内容</dt>
                  <dd>{applications[kind].title}</dd>
                  {kind !== 'renewal' && (
                    <>
                      <dt className="font-bold">ハローワークへの連絡事項</dt>
                      <dd className="whitespace-pre-wrap">{note || 'なし'}</dd>
                    </>
                  )}
                </dl>
              )}
              <ButtonRow>
                {step === 'confirm' ? (
                  <Button onClick={send} disabled={busy || note.length > 2000}>
                    完了
                  </Button>
                ) : (
                  <Button onClick={() => setParams({ apply: kind, step: 'confirm' })} disabled={note.length > 2000}>
                    次へ進む
                  </Button>
                )}
                <Button variant="secondary" onClick={() => setParams(step === 'confirm' ? { apply: kind } : {})}>
                  戻る
                </Button>
              </ButtonRow>
            </section>
          )}
          <p className="mt-8">
            <Link to={`/postings/${postingId}`}>求人情報詳細へ戻る</Link>
          </p>
        </>
      )}
    </Page>
  );
}
