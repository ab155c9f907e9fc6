import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { Empty, Facts, Loading, RadioGroup, Select, TextArea } from '../components/Fields';
import { ErrorSummary, Notice, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { ApiError } from '../lib/apiError';
import {
  channelLabel,
  channelLabels,
  channels,
  chars,
  deadlinePassed,
  decisionLabel,
  decisionLabels,
  employmentForms,
  hasLetter,
  jstDate,
  keepStep,
  keptStep,
  maxMismatch,
  maxNote,
  maxReason,
  optionsOf,
  resultFieldMap,
  resultForm,
  resultFormOf,
  resultInput,
  yen,
  type Channel,
  type ResultForm,
} from '../lib/applicants';
import { formatDateTime, formatSeireki, formatWareki } from '../lib/dates';
import { codeNameOf, employmentForms as postingEmploymentForms, label, payForms } from '../lib/postingLabels';
import { useSessionGuard } from '../lib/session';

export type Applicant = Schemas['hellowork.applicant_selection.v1.Applicant'];
type Detail = Schemas['hellowork.applicant_selection.v1.ApplicantDetail'];
type Letter = Schemas['hellowork.applicant_selection.v1.ReferralLetter'];
type Result = Schemas['hellowork.applicant_selection.v1.SelectionResult'];
type Content = Schemas['hellowork.job_posting.v1.Content'];

const failText = (e: unknown) => (e instanceof ApiError ? e.localized : 'システムエラーが発生しました。時間をおいて再度お試しください。');

// useFail turns an error into the text to show, or undefined when the session ended
// (the guard then sends the user to the login screen).
export function useFail() {
  const guard = useSessionGuard();
  return useCallback((e: unknown) => (guard(e) ? undefined : failText(e)), [guard]);
}

// Deadline is 選考結果の登録期限 as the list and the detail show it (APP-2).
export function Deadline({ a }: { a: Applicant }) {
  const d = jstDate(a.result_deadline);
  if (!d) return <>求人有効中（求人無効後の翌々々月末まで登録できます）</>;
  return (
    <>
      {formatWareki(d)}（{formatSeireki(d)}）まで
      {deadlinePassed(a.result_deadline) && <span className="ml-2 font-bold text-red-900">期限を過ぎています</span>}
    </>
  );
}

function DecisionBadge({ decision }: { decision: string | undefined }) {
  const label = decisionLabel(decision);
  const tone =
    decision === 'DECISION_HIRED'
      ? 'bg-green-50 text-green-1000 ring-green-900'
      : decision
        ? 'bg-solid-gray-50 text-solid-gray-900 ring-solid-gray-600'
        : 'bg-yellow-50 text-solid-gray-900 ring-yellow-700';
  return <span className={`text-std-16B-175 inline-block rounded-4 px-2 ring-1 ${tone}`}>{label}</span>;
}

// ApplicantListPage is 応募者管理 (APP-1, APP-4): the establishment's applicants
// (/applicants) or one posting's (/postings/:postingId/applicants), newest first,
// filtered by channel and 選考結果未登録, 30 per page.
export function ApplicantListPage() {
  const { postingId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const fail = useFail();
  const selected = params.getAll('channel').filter((c): c is Channel => channels.includes(c as Channel));
  const pending = params.get('pending') === '1';
  const [items, setItems] = useState<Applicant[]>();
  const [next, setNext] = useState('');
  const [error, setError] = useState<string>();
  const [more, setMore] = useState(false);
  const [posting, setPosting] = useState<{ job_number?: string | undefined; occupation?: string | undefined }>();
  const key = `${postingId}|${selected.join(',')}|${pending}`;

  const load = useCallback(
    async (token: string) => {
      const res = await call(
        api.GET('/v1/applicants', {
          params: {
            query: {
              ...(postingId ? { posting_id: postingId } : {}),
              ...(selected.length ? { channels: selected } : {}),
              ...(pending ? { pending_only: true } : {}),
              ...(token ? { page_token: token } : {}),
            },
          },
        }),
      );
      return res;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    let live = true;
    setItems(undefined);
    setError(undefined);
    load('')
      .then((res) => {
        if (!live) return;
        setItems(res.applicants ?? []);
        setNext(res.next_page_token ?? '');
      })
      .catch((e) => {
        const m = fail(e);
        if (live && m) setError(m);
      });
    return () => {
      live = false;
    };
  }, [load, fail]);

  useEffect(() => {
    if (!postingId) return;
    call(api.GET('/v1/postings/{posting_id}', { params: { path: { posting_id: postingId } } }))
      .then((p) => setPosting({ job_number: p.job_number, occupation: p.content?.job?.occupation }))
      .catch(() => setPosting(undefined));
  }, [postingId]);

  const loadMore = async () => {
    setMore(true);
    try {
      const res = await load(next);
      setItems((cur) => [...(cur ?? []), ...(res.applicants ?? [])]);
      setNext(res.next_page_token ?? '');
    } catch (e) {
      const m = fail(e);
      if (m) setError(m);
    } finally {
      setMore(false);
    }
  };

  const filter = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const p = new URLSearchParams();
    for (const c of f.getAll('channel')) p.append('channel', String(c));
    if (f.get('pending')) p.set('pending', '1');
    setParams(p);
  };

  return (
    <Page
      title="応募者管理"
      lead={
        <>
          <p>
            ハローワークから紹介された求職者と、オンライン自主応募の応募者の一覧です。紹介状の確認や、選考結果（採用・不採用）の登録（ハローワークへの連絡）ができます（求人無効後の翌々々月末まで）。
          </p>
          <p>応募者本人には、選考結果を直接ご連絡いただく必要があります。</p>
        </>
      }
    >
      {postingId && (
        <p className="text-std-16N-175 mb-4">
          求人：
          <span className="font-bold">
            {posting?.job_number ? `${posting.job_number} ` : ''}
            {posting?.occupation ?? ''}
          </span>{' '}
          の応募者（<Link to="/applicants">すべての求人の応募者を表示</Link>）
        </p>
      )}
      <form onSubmit={filter} aria-labelledby="filter-title" className="mb-8 rounded-8 border border-solid-gray-420 p-4" key={key}>
        <h2 id="filter-title" className="text-std-20B-150 mb-2">
          絞り込み
        </h2>
        <fieldset className="mb-2">
          <legend className="text-std-17B-170 mb-2">応募経路</legend>
          <div className="flex flex-col sm:flex-row sm:flex-wrap sm:gap-x-6">
            {channels.map((c) => (
              <div key={c} className="mb-2 flex items-center gap-2">
                <input id={`channel-${c}`} type="checkbox" name="channel" value={c} defaultChecked={selected.includes(c)} className="size-6 accent-blue-900" />
                <label htmlFor={`channel-${c}`} className="text-std-16N-175">
                  {channelLabels[c]}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="mb-4 flex items-center gap-2">
          <input id="pending" type="checkbox" name="pending" value="1" defaultChecked={pending} className="size-6 accent-blue-900" />
          <label htmlFor="pending" className="text-std-16N-175">
            選考結果未登録の応募者のみ
          </label>
        </div>
        <Button type="submit" variant="secondary">
          絞り込む
        </Button>
      </form>
      <section aria-labelledby="list-title">
        <h2 id="list-title" className="text-std-20B-150 mb-4">
          応募者一覧
        </h2>
        {error && (
          <Notice tone="warning">
            <p role="alert">{error}</p>
          </Notice>
        )}
        {!items && !error && <Loading />}
        {items && items.length === 0 && <Empty>{selected.length || pending ? '条件に該当する応募者はいません。' : '応募者はまだいません。'}</Empty>}
        {items && items.length > 0 && (
          <ul className="space-y-4">
            {items.map((a) => (
              <li key={a.applicant_id} className="rounded-8 border border-solid-gray-420 p-4">
                <div className="mb-2 flex flex-wrap items-center gap-2">
                  <h3 className="text-std-18B-160">{a.seeker_name || '（氏名なし）'}</h3>
                  <DecisionBadge decision={a.decision} />
                  {(a.unread_messages ?? 0) > 0 && (
                    <span className="text-std-16B-175 rounded-4 bg-red-900 px-2 text-white">未読メッセージ {a.unread_messages}件</span>
                  )}
                </div>
                <Facts
                  items={[
                    ['応募経路', channelLabel(a.channel)],
                    ['求人番号', a.job_number ?? ''],
                    ['職種', a.occupation ?? ''],
                    [hasLetter(a.channel) ? '紹介日' : '応募日', a.applied_at ? formatDateTime(a.applied_at) : ''],
                    ['選考結果の登録期限', a.decision ? '' : <Deadline a={a} />],
                  ]}
                />
                <Link
                  to={`/applicants/${a.applicant_id}`}
                  className="text-std-16B-175 mt-3 inline-flex min-h-12 items-center"
                  aria-label={`${a.seeker_name ?? ''}さんの応募者情報詳細`}
                >
                  応募者情報詳細
                </Link>
              </li>
            ))}
          </ul>
        )}
        {next && (
          <div className="mt-6">
            <Button variant="secondary" onClick={loadMore} disabled={more}>
              さらに表示
            </Button>
          </div>
        )}
      </section>
    </Page>
  );
}

// LetterView is the 紹介状 (APP-1, §3.2).
export function LetterView({ l }: { l: Letter }) {
  const interview = l.selection?.interview_at;
  const on = jstDate(l.referred_on);
  return (
    <Facts
      className="rounded-8 border-2 border-solid-gray-600 p-4"
      items={[
        ['紹介状番号', l.letter_number ?? ''],
        ['紹介区分', channelLabel(l.channel)],
        ['紹介年月日', on ? `${formatWareki(on)}（${formatSeireki(on)}）` : ''],
        ['紹介安定所', l.referring_office?.name ?? ''],
        ['求人番号', l.job_number ?? ''],
        ['職種', l.occupation ?? ''],
        ['求職者氏名', l.seeker_name ?? ''],
        ['氏名（カナ）', l.seeker_kana ?? ''],
        ['年齢', l.seeker_age && l.seeker_age > 0 ? `${l.seeker_age}歳` : ''],
        ['求職番号', l.seeker_number ?? ''],
        ['選考方法', l.selection?.method ?? ''],
        ['面接予定日時', interview ? formatDateTime(interview) : '未定'],
        ['面接場所', l.selection?.place ?? ''],
        ['持参書類', l.documents ?? ''],
      ]}
    />
  );
}

function range(r: { lower?: number | undefined; upper?: number | undefined } | undefined): string {
  if (!r?.lower) return '';
  return r.upper && r.upper !== r.lower ? `${yen(r.lower)}〜${yen(r.upper)}` : yen(r.lower);
}

// ConditionsView is the posting as it stood when the seeker applied (its version).
function ConditionsView({ c }: { c: Content }) {
  const pay = c.wage?.pay;
  return (
    <Facts
      items={[
        ['職種', c.job?.occupation ?? ''],
        ['仕事の内容', c.job?.description ?? ''],
        ['雇用形態', label(postingEmploymentForms, c.job?.employment_form)],
        ['就業場所', [c.workplace?.municipality, c.workplace?.address].filter((x) => x && !/^[0-9]+$/.test(x)).join(' ')],
        ['賃金', label(payForms, pay?.form) ? `${label(payForms, pay?.form)} ${range(pay?.base)}` : range(pay?.base)],
        ['年間休日数', c.hours?.annual_holidays ? `${c.hours.annual_holidays}日` : ''],
        ['選考結果通知', c.selection?.result_days ? `${c.selection.result_days}日後` : ''],
        ['応募書類等', c.selection?.documents ?? ''],
      ]}
    />
  );
}

function ResultFacts({ r }: { r: Result }) {
  const x = r.result;
  const hire = jstDate(x?.hire_date);
  return (
    <Facts
      items={[
        ['選考結果', decisionLabel(x?.decision)],
        [
          '求人票の労働条件と採用条件の相違',
          x?.decision === 'DECISION_HIRED' ? (x.condition_mismatch ? `あり：${x.mismatch_detail ?? ''}` : 'なし') : '',
        ],
        ['採用（予定）年月日', hire ? formatWareki(hire) : ''],
        ['雇用形態', label(employmentForms, x?.employment_form)],
        ['不採用の理由', x?.not_hired_reason ?? ''],
        ['備考', x?.note ?? ''],
        ['登録日時', r.registered_at ? formatDateTime(r.registered_at) : ''],
        ['登録者', r.registered_by_role === 'STAFF' ? 'ハローワーク' : r.registered_by_role === 'EMPLOYER' ? '事業所' : ''],
      ]}
    />
  );
}

// useApplicant loads an applicant's detail.
export function useApplicant(id: string) {
  const fail = useFail();
  const [detail, setDetail] = useState<Detail>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    call(api.GET('/v1/applicants/{applicant_id}', { params: { path: { applicant_id: id } } }))
      .then((d) => live && setDetail(d))
      .catch((e) => {
        const m = fail(e);
        if (live && m) setError(m);
      });
    return () => {
      live = false;
    };
  }, [id, fail]);
  return { detail, error };
}

// ApplicantDetailPage is 応募者情報詳細: the applicant, 志望動機, 「紹介状を表示」 (the
// referral channels), the posting as it stood when they applied, the selection result
// with its history and deadline (APP-2), the way to the messages (MSG-1).
export function ApplicantDetailPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const { detail, error } = useApplicant(id);
  const [letterOpen, setLetterOpen] = useState(false);
  const a = detail?.applicant;
  const results = detail?.results ?? [];
  const current = results[results.length - 1];
  const passed = a ? deadlinePassed(a.result_deadline) : false;
  return (
    <Page title="応募者情報詳細">
      {notice && (
        <Notice tone="success">
          <p role="status">{notice}</p>
        </Notice>
      )}
      {error && (
        <Notice tone="warning">
          <p role="alert">{error}</p>
        </Notice>
      )}
      {!detail && !error && <Loading />}
      {detail && a && (
        <>
          <section aria-labelledby="applicant" className="mb-8">
            <h2 id="applicant" className="text-std-20B-150 mb-2 flex flex-wrap items-center gap-2">
              {a.seeker_name || '（氏名なし）'}
              <DecisionBadge decision={a.decision} />
            </h2>
            <Facts
              items={[
                ['応募経路', channelLabel(a.channel)],
                ['求人番号', a.job_number ?? ''],
                ['職種', a.occupation ?? ''],
                ['年齢', a.seeker_age !== undefined && a.seeker_age >= 0 ? `${a.seeker_age}歳（応募時）` : ''],
                ['求職番号', a.seeker_number ?? ''],
                [hasLetter(a.channel) ? '紹介日時' : '応募日時', a.applied_at ? formatDateTime(a.applied_at) : ''],
                ['お問い合わせ先ハローワーク', detail.contact_office?.name ?? ''],
              ]}
            />
            {a.channel === 'CHANNEL_ONLINE_SELF' && (
              <p className="text-std-16N-175 mt-3 text-solid-gray-700">
                オンライン自主応募はハローワークの紹介ではありません。この応募による採用は、紹介を要件とする助成金（特定求職者雇用開発助成金、トライアル雇用助成金、地域雇用開発助成金）の対象になりません。
              </p>
            )}
          </section>

          {detail.motivation && (
            <section aria-labelledby="motivation" className="mb-8">
              <h2 id="motivation" className="text-std-20B-150 mb-2">
                志望動機
              </h2>
              <p className="text-std-16N-175 whitespace-pre-wrap rounded-8 bg-solid-gray-50 p-4">{detail.motivation}</p>
            </section>
          )}

          {detail.letter && (
            <section aria-labelledby="letter" className="mb-8">
              <h2 id="letter" className="text-std-20B-150 mb-2">
                紹介状
              </h2>
              <Button variant="secondary" aria-expanded={letterOpen} aria-controls="letter-body" onClick={() => setLetterOpen((o) => !o)}>
                {letterOpen ? '紹介状を閉じる' : '紹介状を表示'}
              </Button>
              <div id="letter-body" hidden={!letterOpen} className="mt-4">
                <LetterView l={detail.letter} />
              </div>
            </section>
          )}

          <section aria-labelledby="result" className="mb-8">
            <h2 id="result" className="text-std-20B-150 mb-2">
              選考結果
            </h2>
            <Facts items={[['選考結果の登録期限', <Deadline a={a} key="d" />]]} className="mb-4" />
            {passed && (
              <Notice tone="warning">
                <p>
                  求人無効後の翌々々月末を過ぎたため、求人者マイページからはハローワークへ選考結果を登録できません。選考結果は
                  {detail.contact_office?.name ?? 'ハローワーク'}に直接ご連絡ください。
                </p>
              </Notice>
            )}
            {current ? (
              <div className="mb-4 rounded-8 border border-solid-gray-420 p-4">
                <ResultFacts r={current} />
              </div>
            ) : (
              <Empty>選考結果はまだ登録されていません。</Empty>
            )}
            <p className="mt-4">
              <Link
                to={`/applicants/${id}/result`}
                className="text-std-16B-175 inline-flex min-h-12 items-center justify-center rounded-8 bg-blue-900 px-4 py-2 text-white no-underline hover:bg-blue-1000 hover:underline"
              >
                {current ? '選考結果を訂正' : 'ハローワークへ選考結果を登録'}
              </Link>
            </p>
            {results.length > 1 && (
              <details className="mt-6">
                <summary className="text-std-16B-175 cursor-pointer">登録・訂正の履歴（{results.length}件）</summary>
                <ol className="mt-3 space-y-3">
                  {results.map((r) => (
                    <li key={r.version} className="rounded-8 border border-solid-gray-420 p-3">
                      <p className="text-std-16B-175 mb-1">
                        {r.kind === 'CORRECTED' ? `訂正（第${r.version}版）` : '登録（第1版）'}
                      </p>
                      <ResultFacts r={r} />
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </section>

          <section aria-labelledby="messages" className="mb-8">
            <h2 id="messages" className="text-std-20B-150 mb-2">
              メッセージ
            </h2>
            {a.seeker_has_mypage ? (
              <Link to={`/applicants/${id}/messages`} className="text-std-16B-175 inline-flex min-h-12 items-center">
                メッセージを表示{(a.unread_messages ?? 0) > 0 ? `（未読 ${a.unread_messages}件）` : ''}
              </Link>
            ) : (
              <p className="text-std-16N-175">この応募者は求職者マイページを開設していないため、メッセージはやりとりできません。選考結果は電話等で直接ご連絡ください。</p>
            )}
          </section>

          {detail.posting_version?.content && (
            <section aria-labelledby="conditions" className="mb-8">
              <h2 id="conditions" className="text-std-20B-150 mb-2">
                応募時の求人内容（第{detail.posting_version.version}版）
              </h2>
              <ConditionsView c={detail.posting_version.content} />
            </section>
          )}

          <p>
            <Link to={`/postings/${a.posting_id}/applicants`} className="text-std-16N-175">
              この求人の応募者一覧へ戻る
            </Link>
          </p>
        </>
      )}
    </Page>
  );
}

const resultOrder = ['decision', 'condition_mismatch', 'mismatch_detail', 'hire_date', 'employment_form', 'not_hired_reason', 'note'] as const;
type ResultStep = { value: ResultForm; error?: string | undefined; fields?: Record<string, string> | undefined };

// ResultPage is 選考結果登録画面 (APP-2): 採用 / 不採用 / 辞退, for 採用 the mandatory
// 「求人票の労働条件と採用条件の相違」 (あり / なし, with its detail), the hire date and
// employment form; then 確認.
export function ResultPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { detail, error: loadError } = useApplicant(id);
  const [focusKey, setFocusKey] = useState(0);
  const [step] = useState(() => keptStep<ResultStep>(`result.${id}`));
  const results = detail?.results ?? [];
  const current = results[results.length - 1];
  const {
    register,
    handleSubmit,
    watch,
    reset,
    setError,
    formState: { errors, isDirty },
  } = useForm<ResultForm>({
    resolver: zodResolver(resultForm),
    defaultValues: step?.value ?? resultFormOf(undefined),
    shouldFocusError: false,
  });
  // A correction starts from the result in force (unless the confirmation sent us back).
  useEffect(() => {
    if (current && !step && !isDirty) reset(resultFormOf(current.result));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);
  // The server's field violations, brought back from the confirmation.
  useEffect(() => {
    if (!step?.fields) return;
    for (const [f, m] of Object.entries(step.fields)) {
      const name = resultFieldMap[f];
      if (name) setError(name, { type: 'server', message: m });
    }
    setFocusKey((k) => k + 1);
  }, [step, setError]);
  const decision = watch('decision');
  const mismatch = watch('condition_mismatch');
  const onSubmit = (v: ResultForm) => {
    keepStep<ResultStep>(`result.${id}`, { value: v });
    navigate(`/applicants/${id}/result/confirm`);
  };
  const a = detail?.applicant;
  return (
    <Page
      title={current ? '選考結果訂正' : '選考結果登録'}
      lead={
        <>
          <p>選考結果を入力し、「確認へ進む」ボタンをクリックしてください。登録した選考結果はハローワークへ連絡されます。</p>
          <p>応募者本人には、選考結果を直接ご連絡いただく必要があります。</p>
        </>
      }
    >
      {loadError && (
        <Notice tone="warning">
          <p role="alert">{loadError}</p>
        </Notice>
      )}
      {!detail && !loadError && <Loading />}
      {detail && a && (
        <>
          <div className="mb-6 rounded-8 bg-solid-gray-50 p-4">
            <Facts
              items={[
                ['応募者', a.seeker_name ?? ''],
                ['求人番号', a.job_number ?? ''],
                ['職種', a.occupation ?? ''],
                ['応募経路', channelLabel(a.channel)],
                ['選考結果の登録期限', <Deadline a={a} key="d" />],
              ]}
            />
          </div>
          <ErrorSummary message={step?.error} items={summaryItems(errors, resultOrder)} focusKey={focusKey} />
          <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))}>
            <RadioGroup
              id="decision"
              legend="選考結果"
              options={Object.entries(decisionLabels).map(([value, label]) => ({ value, label }))}
              registration={register('decision')}
              error={errors.decision?.message}
            />
            {decision === 'DECISION_HIRED' && (
              <>
                <RadioGroup
                  id="condition_mismatch"
                  legend="求人票の労働条件と採用条件の相違"
                  hint="求人票に記載した労働条件と、実際の採用条件に違いがあるかを選択してください。"
                  options={[
                    { value: 'no', label: 'なし' },
                    { value: 'yes', label: 'あり' },
                  ]}
                  registration={register('condition_mismatch')}
                  error={errors.condition_mismatch?.message}
                />
                {mismatch === 'yes' && (
                  <TextArea
                    id="mismatch_detail"
                    label="相違の内容"
                    hint={`どの労働条件がどのように異なるかを${maxMismatch}文字以内で入力してください。`}
                    registration={register('mismatch_detail')}
                    error={errors.mismatch_detail?.message}
                    counter={{ count: chars(watch('mismatch_detail')), max: maxMismatch }}
                  />
                )}
                <TextField id="hire_date" label="採用（予定）年月日" type="date" required={false} width="sm:w-64" registration={register('hire_date')} error={errors.hire_date?.message} />
                <Select
                  id="employment_form"
                  label="雇用形態"
                  options={optionsOf(employmentForms)}
                  registration={register('employment_form')}
                  error={errors.employment_form?.message}
                  empty="選択してください"
                />
              </>
            )}
            {decision === 'DECISION_NOT_HIRED' && (
              <TextArea
                id="not_hired_reason"
                label="不採用の理由"
                required={false}
                rows={3}
                registration={register('not_hired_reason')}
                error={errors.not_hired_reason?.message}
                counter={{ count: chars(watch('not_hired_reason')), max: maxReason }}
              />
            )}
            <TextArea
              id="note"
              label="備考"
              required={false}
              rows={3}
              registration={register('note')}
              error={errors.note?.message}
              counter={{ count: chars(watch('note')), max: maxNote }}
            />
            <ButtonRow>
              <Button type="submit">確認へ進む</Button>
              <Link to={`/applicants/${id}`} className="text-std-16N-175" onClick={() => keepStep(`result.${id}`, undefined)}>
                キャンセル
              </Link>
            </ButtonRow>
          </form>
        </>
      )}
    </Page>
  );
}

// ResultConfirmPage is 選考結果登録確認: 登録する registers (or corrects) the result and
// reports it to the office; the server's refusal (the deadline, naming the office)
// goes back to the form with what was typed.
export function ResultConfirmPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const guard = useSessionGuard();
  const { detail, error: loadError } = useApplicant(id);
  const [busy, setBusy] = useState(false);
  const [step] = useState(() => keptStep<ResultStep>(`result.${id}`));
  if (!step) return <Navigate to={`/applicants/${id}/result`} replace />;
  const v = step.value;
  const correcting = (detail?.results ?? []).length > 0;
  const a = detail?.applicant;
  const hire = jstDate(v.hire_date);
  const done = async () => {
    setBusy(true);
    const body = { result: resultInput(v) };
    try {
      if (correcting) {
        await call(api.POST('/v1/applicants/{applicant_id}:correctResult', { params: { path: { applicant_id: id } }, body }));
      } else {
        await call(api.POST('/v1/applicants/{applicant_id}:registerResult', { params: { path: { applicant_id: id } }, body }));
      }
      keepStep(`result.${id}`, undefined);
      navigate(`/applicants/${id}`, {
        replace: true,
        state: {
          notice: correcting
            ? '選考結果を訂正し、ハローワークへ連絡しました。'
            : '選考結果を登録し、ハローワークへ連絡しました。応募者本人には、選考結果を直接ご連絡ください。',
        },
      });
    } catch (e) {
      if (guard(e)) return;
      const fields = e instanceof ApiError ? e.fields : {};
      const unplaced = Object.entries(fields)
        .filter(([f]) => !resultFieldMap[f])
        .map(([, m]) => m);
      keepStep<ResultStep>(`result.${id}`, { value: v, error: [failText(e), ...unplaced].join(' '), fields });
      navigate(`/applicants/${id}/result`, { replace: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page
      title={correcting ? '選考結果訂正確認' : '選考結果登録確認'}
      lead={<p>以下の内容でハローワークへ選考結果を{correcting ? '訂正' : '登録'}します。よろしければ「登録する」ボタンをクリックしてください。</p>}
    >
      {loadError && (
        <Notice tone="warning">
          <p role="alert">{loadError}</p>
        </Notice>
      )}
      {!detail && !loadError && <Loading />}
      {detail && a && (
        <>
          <div className="mb-6 rounded-8 border border-solid-gray-420 p-4">
            <Facts
              items={[
                ['応募者', a.seeker_name ?? ''],
                ['求人番号', a.job_number ?? ''],
                ['職種', a.occupation ?? ''],
                ['選考結果', decisionLabel(v.decision)],
                [
                  '求人票の労働条件と採用条件の相違',
                  v.decision === 'DECISION_HIRED' ? (v.condition_mismatch === 'yes' ? `あり：${v.mismatch_detail.trim()}` : 'なし') : '',
                ],
                ['採用（予定）年月日', v.decision === 'DECISION_HIRED' && hire ? `${formatWareki(hire)}（${formatSeireki(hire)}）` : ''],
                ['雇用形態', v.decision === 'DECISION_HIRED' && v.employment_form ? label(employmentForms, codeNameOf(employmentForms, v.employment_form)) : ''],
                ['不採用の理由', v.decision === 'DECISION_NOT_HIRED' ? v.not_hired_reason.trim() : ''],
                ['備考', v.note.trim()],
                ['選考結果の登録期限', <Deadline a={a} key="d" />],
              ]}
            />
          </div>
          <ButtonRow>
            <Button onClick={done} disabled={busy}>
              登録する
            </Button>
            <Button variant="secondary" onClick={() => navigate(`/applicants/${id}/result`)} disabled={busy}>
              戻る
            </Button>
          </ButtonRow>
        </>
      )}
    </Page>
  );
}
