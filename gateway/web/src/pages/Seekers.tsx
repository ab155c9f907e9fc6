import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { Empty, Facts, Loading, Select, TextArea } from '../components/Fields';
import { ErrorSummary, FieldError, Notice, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { ApiError } from '../lib/apiError';
import {
  chars,
  directRequestForm,
  emptySearch,
  employmentForms,
  keepStep,
  keptStep,
  maxMessage,
  optionsOf,
  prefectureName,
  prefectures,
  searchForm,
  searchQuery,
  wageForms,
  yen,
  type DirectRequestForm,
  type SearchForm,
} from '../lib/applicants';
import { codeNameOf, label, labels } from '../lib/postingLabels';
import { toHalfWidth } from '../lib/validation';
import { useSessionGuard } from '../lib/session';
import { useFail } from './Applicants';

type Seeker = Schemas['hellowork.applicant_selection.v1.SeekerProfile'];
type Posting = Schemas['hellowork.job_posting.v1.Posting'];

const searchOrder = ['occupation', 'prefecture', 'employment_form', 'wage_form', 'wage_yen', 'licences', 'keyword'] as const;
const searchFields = searchOrder as readonly (keyof SearchForm)[];
// The API's field paths of a search → the form's fields.
const searchFieldMap: Record<string, keyof SearchForm> = {
  'offered_wage.form': 'wage_form',
  'offered_wage.yen': 'wage_yen',
  offered_wage: 'wage_yen',
};

function formOf(p: URLSearchParams): SearchForm {
  const v = { ...emptySearch };
  for (const k of searchFields) v[k] = p.get(k) ?? '';
  // A search bookmarked before the codes were enums holds numbers (employment_form=1).
  if (v.employment_form) v.employment_form = codeNameOf(employmentForms, v.employment_form);
  if (v.wage_form) v.wage_form = codeNameOf(wageForms, v.wage_form);
  return v;
}

function wage(w: Seeker['desired_wage']): string {
  return w?.yen ? `${label(wageForms, w.form)} ${yen(w.yen)}以上` : '';
}

function SeekerFacts({ s, full = false }: { s: Seeker; full?: boolean }) {
  return (
    <Facts
      items={[
        ['年齢', s.age_band ?? ''],
        ['居住地', `${prefectureName(s.residence_prefecture)}${s.residence_municipality ?? ''}`],
        ['希望職種', (s.desired_occupations ?? []).map((o) => o.name).join('、')],
        ['希望勤務地', (s.desired_prefectures ?? []).map(prefectureName).join('、')],
        ['希望する雇用形態', labels(employmentForms, s.employment_forms)],
        ['希望賃金', wage(s.desired_wage)],
        ['免許・資格', (s.licences ?? []).join('、')],
        ...(full
          ? ([
              ['学歴', s.education ?? ''],
              ['経験', (s.experience ?? []).map((e) => `${e.occupation?.name ?? ''}（${e.years ?? 0}年）`).join('、')],
              ['自己PR', s.pr ?? ''],
            ] as [string, string][])
          : []),
      ]}
    />
  );
}

// SeekerSearchPage is 求職情報検索 (SEEK-1): the seekers who publish their profile, by
// desired occupation, prefecture, employment form, wage, licences and keyword; the
// result is the safe projection (no name or contact). Refused, with the server's
// message, while the establishment has no valid posting.
export function SeekerSearchPage() {
  const [params, setParams] = useSearchParams();
  const guard = useSessionGuard();
  const [focusKey, setFocusKey] = useState(0);
  const [items, setItems] = useState<Seeker[]>();
  const [next, setNext] = useState('');
  const [error, setErrorText] = useState<string>();
  const [busy, setBusy] = useState(false);
  const current = formOf(params);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<SearchForm>({ resolver: zodResolver(searchForm), defaultValues: current, shouldFocusError: false });
  const key = params.toString();

  const run = async (v: SearchForm, token = '') => {
    const res = await call(api.GET('/v1/seekers', { params: { query: searchQuery(v, token) } }));
    return res;
  };
  const show = (e: unknown) => {
    if (guard(e)) return;
    const fields = e instanceof ApiError ? e.fields : {};
    let placed = false;
    for (const [f, m] of Object.entries(fields)) {
      const name = searchFieldMap[f] ?? (searchFields.includes(f as keyof SearchForm) ? (f as keyof SearchForm) : undefined);
      if (name) {
        setError(name, { type: 'server', message: m });
        placed = true;
      }
    }
    setErrorText(e instanceof ApiError ? e.localized : 'システムエラーが発生しました。時間をおいて再度お試しください。');
    if (placed) setFocusKey((k) => k + 1);
  };

  useEffect(() => {
    let live = true;
    setItems(undefined);
    setErrorText(undefined);
    run(formOf(new URLSearchParams(key)))
      .then((res) => {
        if (!live) return;
        setItems(res.seekers ?? []);
        setNext(res.next_page_token ?? '');
      })
      .catch((e) => live && show(e));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const onSubmit = (v: SearchForm) => {
    const p = new URLSearchParams();
    for (const k of searchFields) {
      const x = k === 'wage_yen' ? toHalfWidth(v[k]).trim() : v[k].trim();
      if (x) p.set(k, x);
    }
    setParams(p);
  };
  const more = async () => {
    setBusy(true);
    try {
      const res = await run(current, next);
      setItems((cur) => [...(cur ?? []), ...(res.seekers ?? [])]);
      setNext(res.next_page_token ?? '');
    } catch (e) {
      show(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title="求職情報検索"
      lead={
        <>
          <p>
            ハローワークに登録している求職者のうち、経歴、専門知識、資格や希望条件など求職情報を求人者にPR（公開）することを希望している方々の情報（氏名、連絡先などの個人が特定される情報を除く）を検索できます。有効中の求人がある場合に利用できます。
          </p>
          <p>
            ハローワークで求職者の希望条件など求人との適合性を判断したうえでご紹介します。当該求職者を担当するハローワーク（求職情報詳細画面に表示されているお問い合わせ先ハローワーク）にご相談ください。
          </p>
        </>
      }
    >
      <ErrorSummary message={undefined} items={summaryItems(errors, searchOrder)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} className="mb-8 rounded-8 border border-solid-gray-420 p-4" aria-labelledby="search-title">
        <h2 id="search-title" className="text-std-20B-150 mb-4">
          検索条件
        </h2>
        <TextField id="occupation" label="希望職種（職業分類コード）" hint="例：25（前方一致で検索します）" required={false} width="sm:w-64" registration={register('occupation')} error={errors.occupation?.message} />
        <Select id="prefecture" label="希望勤務地（都道府県）" options={prefectures.map((p, i) => ({ value: String(i + 1), label: p }))} registration={register('prefecture')} error={errors.prefecture?.message} />
        <Select id="employment_form" label="雇用形態" options={optionsOf(employmentForms)} registration={register('employment_form')} error={errors.employment_form?.message} />
        <fieldset className="mb-2">
          <legend className="text-std-17B-170">提示できる賃金</legend>
          <p id="wage-hint" className="text-std-16N-175 text-solid-gray-700">
            希望賃金（下限）がこの額を上回る求職者は表示しません。
          </p>
          <div className="sm:flex sm:gap-4">
            <Select id="wage_form" label="賃金形態" options={optionsOf(wageForms)} registration={register('wage_form')} error={errors.wage_form?.message} />
            <TextField id="wage_yen" label="金額（円）" inputMode="numeric" required={false} width="sm:w-48" registration={register('wage_yen')} error={errors.wage_yen?.message} />
          </div>
        </fieldset>
        <TextArea id="licences" label="免許・資格" hint="すべてを持つ求職者を検索します。1行に1つ、5つまで入力してください。" required={false} rows={2} registration={register('licences')} error={errors.licences?.message} />
        <TextField id="keyword" label="キーワード" hint="複数のキーワードは空白で区切ってください（すべてを含む求職者を検索します）。" required={false} registration={register('keyword')} error={errors.keyword?.message} />
        <Button type="submit">検索する</Button>
      </form>
      <section aria-labelledby="results-title">
        <h2 id="results-title" className="text-std-20B-150 mb-4">
          検索結果
        </h2>
        {error && (
          <Notice tone="warning">
            <p role="alert">{error}</p>
          </Notice>
        )}
        {!items && !error && <Loading />}
        {items && items.length === 0 && <Empty>条件に該当する求職者はいません。</Empty>}
        {items && items.length > 0 && (
          <ul className="space-y-4">
            {items.map((s, i) => (
              <li key={s.seeker_ref} className="rounded-8 border border-solid-gray-420 p-4">
                <h3 className="text-std-18B-160 mb-2">
                  求職者{i + 1}（{(s.desired_occupations ?? []).map((o) => o.name).join('、') || '希望職種なし'}）
                </h3>
                <SeekerFacts s={s} />
                <Link to={`/seekers/${encodeURIComponent(s.seeker_ref ?? '')}`} className="text-std-16B-175 mt-3 inline-flex min-h-12 items-center" aria-label={`求職者${i + 1}の求職情報詳細`}>
                  求職情報詳細
                </Link>
              </li>
            ))}
          </ul>
        )}
        {next && (
          <div className="mt-6">
            <Button variant="secondary" onClick={more} disabled={busy}>
              さらに表示
            </Button>
          </div>
        )}
      </section>
    </Page>
  );
}

function useSeeker(ref: string) {
  const fail = useFail();
  const [seeker, setSeeker] = useState<Seeker>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    call(api.GET('/v1/seekers/{seeker_ref}', { params: { path: { seeker_ref: ref } } }))
      .then(setSeeker)
      .catch((e) => {
        const m = fail(e);
        if (m) setError(m);
      });
  }, [ref, fail]);
  return { seeker, error };
}

// SeekerDetailPage is 求職情報詳細: the safe projection and the office to contact.
export function SeekerDetailPage() {
  const { ref = '' } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const { seeker, error } = useSeeker(ref);
  return (
    <Page title="求職情報詳細">
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
      {!seeker && !error && <Loading />}
      {seeker && (
        <>
          <section aria-labelledby="profile" className="mb-8">
            <h2 id="profile" className="text-std-20B-150 mb-2">
              求職情報
            </h2>
            <SeekerFacts s={seeker} full />
          </section>
          <section aria-labelledby="contact" className="mb-8">
            <h2 id="contact" className="text-std-20B-150 mb-2">
              お問い合わせ先ハローワーク
            </h2>
            <p className="text-std-16N-175 mb-2 font-bold">{seeker.contact_office?.name}</p>
            <p className="text-std-16N-175">
              この求職者の紹介を希望される場合は、上記のハローワークにご相談ください。ハローワークで求職者の希望条件など求人との適合性を判断したうえでご紹介します。
            </p>
          </section>
          <section aria-labelledby="request" className="mb-8">
            <h2 id="request" className="text-std-20B-150 mb-2">
              直接リクエスト
            </h2>
            <p className="text-std-16N-175 mb-4">
              オンライン自主応募を受け付けている有効中の求人とメッセージを、この求職者の求職者マイページに送ります。1つの求人につき10人まで、同じ求職者には1回まで送信できます。
            </p>
            <Link
              to={`/seekers/${encodeURIComponent(ref)}/request`}
              className="text-std-16B-175 inline-flex min-h-12 items-center justify-center rounded-8 bg-blue-900 px-4 py-2 text-white no-underline hover:bg-blue-1000 hover:underline"
            >
              直接リクエストを送る
            </Link>
          </section>
          <p>
            <Link to="/seekers" className="text-std-16N-175">
              求職情報検索へ戻る
            </Link>
          </p>
        </>
      )}
    </Page>
  );
}

// eligible says whether a posting may be sent as a 直接リクエスト, as far as the screen
// can tell (the server decides): published, accepting オンライン自主応募, 公開範囲 1 or 2.
export function eligible(p: Posting): boolean {
  const c = p.content?.category;
  return p.state === 'POSTING_STATE_PUBLISHED' && c?.online_application === 'ONLINE_APPLICATION_ACCEPTED' && (c.scope === 'SCOPE_FULL' || c.scope === 'SCOPE_SEEKERS_ONLY');
}

type RequestStep = { value: DirectRequestForm; error?: string | undefined; fields?: Record<string, string> | undefined };

// DirectRequestPage is 直接リクエスト: choose a valid posting that accepts オンライン自主応募,
// write a message (2,000 characters), then confirm.
export function DirectRequestPage() {
  const { ref = '' } = useParams();
  const navigate = useNavigate();
  const fail = useFail();
  const { seeker, error: seekerError } = useSeeker(ref);
  const [postings, setPostings] = useState<Posting[]>();
  const [loadError, setLoadError] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [step] = useState(() => keptStep<RequestStep>(`request.${ref}`));
  const {
    register,
    handleSubmit,
    watch,
    setError,
    formState: { errors },
  } = useForm<DirectRequestForm>({
    resolver: zodResolver(directRequestForm),
    defaultValues: step?.value ?? { posting_id: '', message: '' },
    shouldFocusError: false,
  });
  useEffect(() => {
    call(api.GET('/v1/postings', { params: { query: { list: 'POSTING_LIST_VALID', page_size: 100 } } }))
      .then((r) => setPostings(r.postings ?? []))
      .catch((e) => {
        const m = fail(e);
        if (m) setLoadError(m);
      });
  }, [fail]);
  useEffect(() => {
    if (!step?.fields) return;
    for (const [f, m] of Object.entries(step.fields)) {
      if (f === 'posting_id' || f === 'message') setError(f, { type: 'server', message: m });
    }
    setFocusKey((k) => k + 1);
  }, [step, setError]);
  const onSubmit = (v: DirectRequestForm) => {
    keepStep<RequestStep>(`request.${ref}`, { value: v });
    navigate(`/seekers/${encodeURIComponent(ref)}/request/confirm`);
  };
  const usable = (postings ?? []).filter(eligible);
  return (
    <Page title="直接リクエスト" lead={<p>送信する求人を選び、求職者へのメッセージを入力して、「確認へ進む」ボタンをクリックしてください。</p>}>
      {(seekerError ?? loadError) && (
        <Notice tone="warning">
          <p role="alert">{seekerError ?? loadError}</p>
        </Notice>
      )}
      {(!postings || !seeker) && !seekerError && !loadError && <Loading />}
      {postings && seeker && (
        <>
          <div className="mb-6 rounded-8 bg-solid-gray-50 p-4">
            <SeekerFacts s={seeker} />
          </div>
          <ErrorSummary message={step?.error} items={summaryItems(errors, ['posting_id', 'message'] as const)} focusKey={focusKey} />
          {usable.length === 0 ? (
            <Notice tone="warning">
              <p>直接リクエストは、オンライン自主応募を受け付けている公開中の求人（公開範囲が1または2）に限り送信できます。送信できる求人がありません。</p>
            </Notice>
          ) : (
            <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))}>
              <fieldset className="mb-6" aria-describedby={errors.posting_id ? 'posting_id-error' : 'posting_id-hint'}>
                <legend className="text-std-17B-170">送信する求人</legend>
                <p id="posting_id-hint" className="text-std-16N-175 text-solid-gray-700">
                  オンライン自主応募を受け付けている有効中の求人から選んでください。1つの求人につき10人まで送信できます。
                </p>
                {errors.posting_id?.message && <FieldError id="posting_id-error" message={errors.posting_id.message} />}
                <div className="mt-2 space-y-3">
                  {postings.map((p, i) => {
                    const ok = eligible(p);
                    const id = i === 0 ? 'posting_id' : `posting_id-${p.posting_id}`;
                    return (
                      <div key={p.posting_id} className="flex items-start gap-2">
                        <input id={id} type="radio" value={p.posting_id} disabled={!ok} {...register('posting_id')} className="mt-1 size-6 shrink-0 accent-blue-900" />
                        <label htmlFor={id} className={`text-std-16N-175 ${ok ? '' : 'text-solid-gray-600'}`}>
                          {p.job_number} {p.content?.job?.occupation}
                          {!ok && '（オンライン自主応募を受け付けていないため選択できません）'}
                        </label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
              <TextArea
                id="message"
                label="メッセージ"
                hint={`求職者へのメッセージを${maxMessage.toLocaleString('ja-JP')}文字以内で入力してください。`}
                registration={register('message')}
                error={errors.message?.message}
                counter={{ count: chars(watch('message')), max: maxMessage }}
              />
              <ButtonRow>
                <Button type="submit">確認へ進む</Button>
                <Link to={`/seekers/${encodeURIComponent(ref)}`} className="text-std-16N-175" onClick={() => keepStep(`request.${ref}`, undefined)}>
                  キャンセル
                </Link>
              </ButtonRow>
            </form>
          )}
        </>
      )}
    </Page>
  );
}

// DirectRequestConfirmPage sends the 直接リクエスト; the server's refusals (10 per
// posting, once per seeker) go back to the form with what was typed.
export function DirectRequestConfirmPage() {
  const { ref = '' } = useParams();
  const navigate = useNavigate();
  const guard = useSessionGuard();
  const [busy, setBusy] = useState(false);
  const [step] = useState(() => keptStep<RequestStep>(`request.${ref}`));
  const [posting, setPosting] = useState<Posting>();
  useEffect(() => {
    if (!step) return;
    call(api.GET('/v1/postings/{posting_id}', { params: { path: { posting_id: step.value.posting_id } } }))
      .then(setPosting)
      .catch(() => setPosting(undefined));
  }, [step]);
  if (!step) return <Navigate to={`/seekers/${encodeURIComponent(ref)}/request`} replace />;
  const v = step.value;
  const send = async () => {
    setBusy(true);
    try {
      await call(api.POST('/v1/direct-requests', { body: { seeker_ref: ref, posting_id: v.posting_id, message: v.message.replace(/\r\n?/g, '\n').trim() } }));
      keepStep(`request.${ref}`, undefined);
      let left = '';
      try {
        const l = await call(api.GET('/v1/direct-requests', { params: { query: { posting_id: v.posting_id } } }));
        left = `この求人で直接リクエストを送信できるのは、あと${l.remaining ?? 0}人です。`;
      } catch {
        // the count is a courtesy
      }
      navigate(`/seekers/${encodeURIComponent(ref)}`, { replace: true, state: { notice: `直接リクエストを送信しました。${left}` } });
    } catch (e) {
      if (guard(e)) return;
      const fields = e instanceof ApiError ? e.fields : {};
      const unplaced = Object.entries(fields)
        .filter(([f]) => f !== 'posting_id' && f !== 'message')
        .map(([, m]) => m);
      const text = e instanceof ApiError ? e.localized : 'システムエラーが発生しました。時間をおいて再度お試しください。';
      keepStep<RequestStep>(`request.${ref}`, { value: v, error: [text, ...unplaced].join(' '), fields });
      navigate(`/seekers/${encodeURIComponent(ref)}/request`, { replace: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="直接リクエスト確認" lead={<p>以下の内容で直接リクエストを送信します。よろしければ「送信する」ボタンをクリックしてください。</p>}>
      <div className="mb-6 rounded-8 border border-solid-gray-420 p-4">
        <Facts
          items={[
            ['求人', posting ? `${posting.job_number ?? ''} ${posting.content?.job?.occupation ?? ''}` : v.posting_id],
            ['メッセージ', v.message.trim()],
          ]}
        />
      </div>
      <ButtonRow>
        <Button onClick={send} disabled={busy}>
          送信する
        </Button>
        <Button variant="secondary" onClick={() => navigate(`/seekers/${encodeURIComponent(ref)}/request`)} disabled={busy}>
          戻る
        </Button>
      </ButtonRow>
    </Page>
  );
}
