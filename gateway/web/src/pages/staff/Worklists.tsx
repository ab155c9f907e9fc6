import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, call, type Schemas } from '../../api/client';
import { Button, ButtonRow } from '../../components/Button';
import { applyServerError, ErrorSummary, Notice, summaryItems, TextField } from '../../components/Form';
import { Page } from '../../components/Page';
import { ApiError } from '../../lib/apiError';
import { formatDateTime, formatWareki } from '../../lib/dates';
import { label, scopes } from '../../lib/postingLabels';
import { toHalfWidth } from '../../lib/validation';
import { estNumberForm, isoDate, jobNumberForm, withHyphen, type JobNumberForm } from '../../lib/staffValidation';
import { Badge, Card, DecisionPanel, Done, Empty, Facts, Loading, Pager, SectionTitle, usePagedLoad, useStaffGuard } from './common';

type Establishment = Schemas['hellowork.employer_registration.v1.Establishment'];
type Change = Schemas['hellowork.employer_registration.v1.EstablishmentChange'];
type Image = Schemas['hellowork.employer_registration.v1.Image'];
type Item = Schemas['hellowork.job_posting.v1.WorklistItem'];
type Posting = Schemas['hellowork.job_posting.v1.Posting'];

const postingStates: Record<string, string> = {
  POSTING_STATE_DRAFT: '入力中',
  POSTING_STATE_PROVISIONAL: '申込み中(仮登録)',
  POSTING_STATE_RETURNED: '修正依頼中',
  POSTING_STATE_REJECTED: '不受理',
  POSTING_STATE_WITHDRAWN: '取下げ',
  POSTING_STATE_ACCEPTED: '受理(公開前)',
  POSTING_STATE_PUBLISHED: '公開中',
  POSTING_STATE_HELD: '公開保留',
  POSTING_STATE_INVALID: '無効',
};
export const postingState = (p?: Posting) => postingStates[p?.state ?? ''] ?? p?.status_label ?? '';

const applicationKinds: Record<string, string> = {
  CHANGE: '求人内容の変更',
  STOP: '募集停止',
  CANCEL: '求人の取消',
  EXTENSION: '有効期間の延長',
};

// JOB-2: the publication target of the channel the application came through.
const targets: Record<string, string> = {
  POSTING_CHANNEL_MYPAGE: 'マイページからの申込み：2開庁日以内',
  POSTING_CHANNEL_COUNTER: '窓口受付：7開庁日以内',
};

const occupation = (p?: Posting) => p?.content?.job?.occupation || '(職種未入力)';
const jstDate = (d?: string) => (d ? formatWareki(d) : '');
const when = (d?: string) => (d ? formatDateTime(d) : '');

// ---- 事業所の受付 (OPEN-1) ----

// EstablishmentWorklistPage is the office's provisional registrations (OPEN-1), oldest
// submission first, each beside its first posting when job-posting's worklist links
// one to it (the office reviews them together); 受理 assigns the 事業所番号 (ESTNO-1)
// and opens the MyPage, 修正依頼 and 不受理 send the message to the employer.
export function EstablishmentWorklistPage() {
  const [done, setDone] = useState<string>();
  const [data, reload, pager] = usePagedLoad(async (page_token) => {
    const [reg, posts] = await Promise.all([
      call(api.GET('/v1/staff/registrations', { params: { query: { page_size: 100, page_token } } })),
      call(api.GET('/v1/staff/postings', { params: { query: { page_size: 100 } } })).catch(() => ({ items: [] as Item[] })),
    ]);
    const establishments = reg.establishments ?? [];
    return { value: { establishments, items: posts.items ?? [] }, count: establishments.length, next: reg.next_page_token };
  });
  return (
    <Page title="事業所の受付" wide lead={<p>事業所登録・求人申込み(仮登録)の内容を確認し、受理・修正依頼・不受理を行います。</p>}>
      <Done message={done} />
      {data.kind === 'loading' && <Loading />}
      {data.kind === 'error' && <Notice tone="warning">{data.message}</Notice>}
      {data.kind === 'ready' && data.value.value.establishments.length === 0 && <Empty>受付待ちの事業所はありません。</Empty>}
      {data.kind === 'ready' && data.value.value.establishments.length > 0 && (
        <ul className="space-y-6">
          {data.value.value.establishments.map((e) => (
            <EstablishmentCard
              key={e.establishment_id}
              e={e}
              firstPostings={data.value.value.items.filter((i) => i.posting?.establishment_id === e.establishment_id)}
              onDone={(n) => {
                setDone(n);
                void reload();
              }}
            />
          ))}
        </ul>
      )}
      <Pager label="受付待ちの事業所" pager={pager} />
    </Page>
  );
}

function EstablishmentCard({ e, firstPostings, onDone }: { e: Establishment; firstPostings: Item[]; onDone: (n: string) => void }) {
  const id = `est-${e.establishment_id}`;
  const p = e.profile;
  const name = p?.basic?.name ?? '(事業所名未入力)';
  const estId = e.establishment_id ?? '';
  return (
    <Card labelledBy={`${id}-name`}>
      <h2 id={`${id}-name`} className="text-std-20B-150 mb-2">
        {name}
        {e.state === 'ESTABLISHMENT_STATE_RETURNED' && <Badge tone="warning">修正依頼中</Badge>}
      </h2>
      <Facts
        rows={[
          ['事業所名(カナ)', p?.basic?.name_kana],
          ['法人名', p?.company?.company_name],
          ['法人番号', p?.company?.corporate_number],
          ['所在地', [p?.basic?.postal_code && `〒${p.basic.postal_code}`, p?.basic?.address].filter(Boolean).join(' ')],
          ['電話番号', p?.basic?.phone_number],
          ['代表者', [p?.company?.representative_title, p?.company?.representative_name].filter(Boolean).join(' ')],
          ['事業内容', p?.detail?.business_description],
          ['従業員数(就業場所)', p?.detail?.employees_at_workplace !== undefined ? `${p.detail.employees_at_workplace}人` : ''],
          ['管轄安定所', e.office_name],
          ['仮登録日時', when(e.submitted_at)],
          ['前回のメッセージ', e.office_message],
        ]}
      />
      <section aria-labelledby={`${id}-first`} className="mt-4 rounded-8 bg-solid-gray-50 p-3">
        <h3 id={`${id}-first`} className="text-std-17B-170">
          同時に申し込まれた求人
        </h3>
        {firstPostings.length === 0 ? (
          <p className="text-std-16N-175">求人の申込みはありません。</p>
        ) : (
          <ul className="text-std-16N-175 list-disc pl-6">
            {firstPostings.map((i) => (
              <li key={i.posting?.posting_id}>
                {occupation(i.posting)}(申込み {when(i.posting?.submitted_at)}、公開期限 {jstDate(i.posting?.publish_by)}) —{' '}
                <Link to={`/staff/postings#posting-${i.posting?.posting_id}`}>求人の受付で確認</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <DecisionPanel
        id={id}
        onDone={onDone}
        decisions={[
          {
            key: 'accept',
            label: '受理',
            confirm: `「${name}」を受理します。事業所番号を付番し、求人者マイページを開設します(求人者に「求人者マイページ開設通知」メールを送信します)。`,
            input: {
              label: '既存の事業所番号(雇用保険適用事業所番号)',
              hint: '雇用保険の適用事業所番号がある場合に入力します(半角数字4桁-6桁-1桁)。空欄の場合は新たに付番します。',
              check: (v) => (estNumberForm.safeParse({ establishment_number: v }).success ? undefined : '事業所番号を半角数字4桁-6桁-1桁で入力してください。'),
            },
            run: async (_m, number) => {
              const r = await call(
                api.POST('/v1/staff/registrations/{establishment_id}:accept', {
                  params: { path: { establishment_id: estId } },
                  body: number ? { establishment_number: toHalfWidth(number) } : {},
                }),
              );
              return `「${name}」を受理しました。事業所番号 ${r.establishment_number ?? ''} を付番しました。`;
            },
          },
          {
            key: 'return',
            label: '修正依頼',
            confirm: `「${name}」の仮登録を求人者に差し戻します。修正していただく内容を入力してください。`,
            message: { label: '修正依頼の内容', required: true },
            run: async (message) => {
              await call(
                api.POST('/v1/staff/registrations/{establishment_id}:return', {
                  params: { path: { establishment_id: estId } },
                  body: { message },
                }),
              );
              return `「${name}」に修正依頼を送りました。`;
            },
          },
          {
            key: 'reject',
            label: '不受理',
            confirm: `「${name}」の仮登録を受理しません。この操作は取り消せません。理由を入力してください。`,
            message: { label: '不受理の理由', required: true },
            run: async (message) => {
              await call(
                api.POST('/v1/staff/registrations/{establishment_id}:reject', {
                  params: { path: { establishment_id: estId } },
                  body: { message },
                }),
              );
              return `「${name}」を不受理にしました。`;
            },
          },
        ]}
      />
    </Card>
  );
}

// ---- 求人の受付・公開 (JOB-2) ----

// PostingWorklistPage is the office's posting applications waiting for acceptance or
// publication, by their JOB-2 publication deadline (2 open days), the overdue ones
// flagged; and the lookup of any posting of the office by its 求人番号.
export function PostingWorklistPage() {
  const [params] = useSearchParams();
  // After 求人の窓口入力 (CounterPostingPage) the wizard comes back here.
  const [done, setDone] = useState<string | undefined>(params.get('entered') ? '窓口で入力した求人を申し込みました。公開期限は申込みから7開庁日です。' : undefined);
  const [items, reload, pager] = usePagedLoad(async (page_token) => {
    const r = await call(api.GET('/v1/staff/postings', { params: { query: { page_size: 100, page_token } } }));
    const page = r.items ?? [];
    return { value: page.filter((i) => !i.posting?.pending_application), count: page.length, next: r.next_page_token };
  });
  return (
    <Page
      title="求人の受付"
      wide
      lead={
        <p>
          求人の申込みを公開期限の早い順に表示します(マイページからの申込みは申込みから2開庁日、窓口・郵送・FAXによる申込みは7開庁日)。受理すると求人番号を付番し、公開範囲に従って公開します。
          <Link to="/staff/postings/new">求人の窓口入力</Link>
        </p>
      }
    >
      <Done message={done} />
      {items.kind === 'loading' && <Loading />}
      {items.kind === 'error' && <Notice tone="warning">{items.message}</Notice>}
      {items.kind === 'ready' && items.value.value.length === 0 && <Empty>受付待ち・公開待ちの求人はありません。</Empty>}
      {items.kind === 'ready' && items.value.value.length > 0 && (
        <ul className="space-y-6">
          {items.value.value.map((i) => (
            <PostingCard
              key={i.posting?.posting_id}
              item={i}
              onDone={(n) => {
                setDone(n);
                void reload();
              }}
            />
          ))}
        </ul>
      )}
      <Pager label="受付待ちの求人" pager={pager} />
      <PostingLookup />
    </Page>
  );
}

function postingFacts(p: Posting | undefined, extra: [string, ReactNode][] = []): [string, ReactNode][] {
  const c = p?.content;
  return [
    ['求人番号', p?.job_number],
    ['状態', postingState(p)],
    ['仕事内容', c?.job?.description],
    ['公開範囲', label(scopes, c?.category?.scope)],
    ['採用人数', c?.category?.openings ? `${c.category.openings}人` : ''],
    ['申込み日時', when(p?.submitted_at)],
    ['受付年月日', jstDate(p?.accepted_on)],
    ['紹介期限日', jstDate(p?.referral_deadline)],
    ...extra,
    ['前回のメッセージ', p?.office_message],
  ];
}

function PostingCard({ item, onDone }: { item: Item; onDone: (n: string) => void }) {
  const p = item.posting;
  const pid = p?.posting_id ?? '';
  const id = `posting-${pid}`;
  const title = `${occupation(p)}(${item.establishment_name ?? ''})`;
  const path = { params: { path: { posting_id: pid } } };
  const decisions =
    p?.state === 'POSTING_STATE_ACCEPTED'
      ? [
          {
            key: 'publish',
            label: '公開',
            confirm: `求人番号 ${p.job_number ?? ''}「${occupation(p)}」を公開範囲に従って公開します。`,
            run: async () => {
              const r = await call(api.POST('/v1/staff/postings/{posting_id}:publish', { ...path, body: {} }));
              return `「${occupation(p)}」を公開しました(${postingState(r)})。`;
            },
          },
        ]
      : [
          {
            key: 'accept',
            label: '受理',
            confirm: `「${occupation(p)}」を受理し、求人番号を付番します(求人者に「求人情報受理通知」メールを送信します)。続けて公開を行ってください。`,
            run: async () => {
              const r = await call(api.POST('/v1/staff/postings/{posting_id}:accept', { ...path, body: {} }));
              return `「${occupation(p)}」を受理しました。求人番号 ${r.job_number ?? ''}。`;
            },
          },
          {
            key: 'return',
            label: '修正依頼',
            confirm: `「${occupation(p)}」を求人者に差し戻します(「求人情報修正依頼通知」メールで内容を伝えます)。`,
            message: { label: '修正依頼の内容', required: true },
            run: async (message: string) => {
              await call(api.POST('/v1/staff/postings/{posting_id}:return', { ...path, body: { message } }));
              return `「${occupation(p)}」に修正依頼を送りました。`;
            },
          },
          {
            key: 'reject',
            label: '不受理',
            confirm: `「${occupation(p)}」を受理しません。この操作は取り消せません。理由を入力してください。`,
            message: { label: '不受理の理由', required: true },
            run: async (message: string) => {
              await call(api.POST('/v1/staff/postings/{posting_id}:reject', { ...path, body: { message } }));
              return `「${occupation(p)}」を不受理にしました。`;
            },
          },
        ];
  return (
    <Card labelledBy={`${id}-name`}>
      <h2 id={`${id}-name`} className="text-std-20B-150 mb-2 scroll-mt-4">
        <span id={id} />
        {title}
        {item.overdue && <Badge tone="danger">公開期限超過</Badge>}
        {p?.channel === 'POSTING_CHANNEL_COUNTER' && <Badge>窓口受付</Badge>}
        {item.establishment_provisional && <Badge tone="warning">事業所 仮登録中</Badge>}
      </h2>
      <Facts
        rows={postingFacts(p, [
          [
            '公開期限',
            <span className={item.overdue ? 'font-bold text-red-900' : ''}>
              {jstDate(p?.publish_by)}({targets[p?.channel ?? ''] ?? ''})
            </span>,
          ],
          ['事業所', item.establishment_name],
        ])}
      />
      {item.establishment_provisional && (
        <p className="text-std-16N-175 mt-2">
          事業所が仮登録中です。<Link to="/staff/establishments">事業所の受付</Link>で事業所と一緒に確認してください。
        </p>
      )}
      <DecisionPanel id={id} onDone={onDone} decisions={decisions} />
    </Card>
  );
}

// PostingLookup finds a posting of the office by its 求人番号 (ListOfficePostings).
function PostingLookup() {
  const guard = useStaffGuard();
  const [found, setFound] = useState<Posting[]>();
  const [done, setDone] = useState<string>();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<JobNumberForm, unknown, z.output<typeof jobNumberForm>>({
    resolver: zodResolver(jobNumberForm),
    defaultValues: { job_number: '' },
    shouldFocusError: false,
  });
  const onSubmit = async (v: z.output<typeof jobNumberForm>) => {
    setTop(undefined);
    setDone(undefined);
    try {
      const r = await call(api.GET('/v1/staff/postings:lookup', { params: { query: { job_number: withHyphen(v.job_number) } } }));
      setFound(r.postings ?? []);
    } catch (e) {
      if (guard(e)) return;
      setTop(applyServerError(e, setError, ['job_number']));
      if (e instanceof ApiError && e.reason === 'JOB_NUMBER_INVALID' && !e.fields.job_number) {
        setError('job_number', { type: 'server', message: e.localized });
      }
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <section aria-labelledby="lookup" className="mt-10 border-t border-solid-gray-420 pt-2">
      <SectionTitle id="lookup">求人の照会</SectionTitle>
      <ErrorSummary message={top} items={summaryItems(errors, ['job_number'])} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="job_number"
          label="求人番号"
          hint="この安定所の求人を照会します。半角数字5桁-8桁(例：13010-12345678)"
          width="w-72"
          inputMode="numeric"
          registration={register('job_number')}
          error={errors.job_number?.message}
        />
        <ButtonRow>
          <Button type="submit" variant="secondary" disabled={isSubmitting}>
            照会
          </Button>
        </ButtonRow>
      </form>
      <Done message={done} />
      {found && found.length === 0 && (
        <div role="status" className="mt-4">
          <Empty>該当する求人はありません。</Empty>
        </div>
      )}
      {found && found.length > 0 && (
        <ul className="mt-4 space-y-4" aria-label="照会結果">
          {found.map((p) => (
            <Card key={p.posting_id} labelledBy={`found-${p.posting_id}`}>
              <h3 id={`found-${p.posting_id}`} className="text-std-17B-170 mb-2">
                {occupation(p)}
              </h3>
              <Facts rows={postingFacts(p, [['公開期限', jstDate(p.publish_by)], ['公開日時', when(p.published_at)]])} />
              {p.list === 'POSTING_LIST_VALID' && (
                <BringForward
                  posting={p}
                  onDone={(notice, updated) => {
                    setDone(notice);
                    setFound((f) => f?.map((x) => (x.posting_id === updated.posting_id ? updated : x)));
                  }}
                />
              )}
            </Card>
          ))}
        </ul>
      )}
    </section>
  );
}

// BringForward is 紹介期限の繰上げ (BringForwardReferralDeadline, §2.4): a valid
// posting's 紹介期限日 moved earlier, e.g. when many apply; the new date is typed as
// 西暦 and the service refuses one in the past or not before the current deadline.
function BringForward({ posting, onDone }: { posting: Posting; onDone: (notice: string, p: Posting) => void }) {
  const pid = posting.posting_id ?? '';
  return (
    <DecisionPanel
      id={`bring-forward-${pid}`}
      onDone={() => undefined}
      decisions={[
        {
          key: 'bring-forward',
          label: '紹介期限の繰上げ',
          confirm: `「${occupation(posting)}」の紹介期限日(現在 ${jstDate(posting.referral_deadline)})を繰り上げます。新しい紹介期限日の翌日から求人は無効になります。`,
          input: {
            label: '新しい紹介期限日',
            hint: '西暦の年-月-日で入力します(例：2027-01-31)。今日以降で、現在の紹介期限日より前の日付です。',
            check: (v) => (isoDate(v) ? undefined : '新しい紹介期限日を西暦の年-月-日(例：2027-01-31)で入力してください。'),
          },
          run: async (_m, v) => {
            const p = await call(
              api.POST('/v1/staff/postings/{posting_id}:bringForwardReferralDeadline', {
                params: { path: { posting_id: pid } },
                body: { referral_deadline: isoDate(v) ?? v },
              }),
            );
            const notice = `紹介期限日を${jstDate(p.referral_deadline)}に繰り上げました。`;
            onDone(notice, p);
            return notice;
          },
        },
      ]}
    />
  );
}

// ---- 変更・停止・延長 (JOB-3) and establishment changes ----

// ApplicationsPage lists the pending change, stop, cancellation and extension
// applications of the office's postings (JOB-3), and the establishments' change
// applications; each is approved or refused with a message.
export function ApplicationsPage() {
  const [done, setDone] = useState<string>();
  // Two lists, each paged on its own.
  const [posts, reloadPosts, postPager] = usePagedLoad(async (page_token) => {
    const r = await call(api.GET('/v1/staff/postings', { params: { query: { page_size: 100, page_token } } }));
    const page = r.items ?? [];
    return { value: page.filter((i) => i.posting?.pending_application), count: page.length, next: r.next_page_token };
  });
  const [changes, reloadChanges, changePager] = usePagedLoad(async (page_token) => {
    const r = await call(api.GET('/v1/establishment-changes', { params: { query: { page_size: 100, page_token } } }));
    const page = r.changes ?? [];
    return { value: page, count: page.length, next: r.next_page_token };
  });
  const data =
    posts.kind !== 'ready'
      ? posts
      : changes.kind !== 'ready'
        ? changes
        : ({ kind: 'ready', value: { items: posts.value.value, changes: changes.value.value } } as const);
  const onDone = (n: string) => {
    setDone(n);
    void reloadPosts();
    void reloadChanges();
  };
  return (
    <Page title="変更・停止・延長の申請" wide>
      <Done message={done} />
      {data.kind === 'loading' && <Loading />}
      {data.kind === 'error' && <Notice tone="warning">{data.message}</Notice>}
      {data.kind === 'ready' && (
        <>
          <SectionTitle id="posting-applications">求人の変更・募集停止・取消・延長</SectionTitle>
          {data.value.items.length === 0 ? (
            <Empty>申請はありません。</Empty>
          ) : (
            <ul className="space-y-6">
              {data.value.items.map((i) => (
                <PostingApplicationCard key={i.posting?.posting_id} item={i} onDone={onDone} />
              ))}
            </ul>
          )}
          <Pager label="求人の申請" pager={postPager} />
          <SectionTitle id="establishment-changes">事業所情報の変更</SectionTitle>
          {data.value.changes.length === 0 ? (
            <Empty>申請はありません。</Empty>
          ) : (
            <ul className="space-y-6">
              {data.value.changes.map((c) => (
                <ChangeCard key={c.change_id} c={c} onDone={onDone} />
              ))}
            </ul>
          )}
          <Pager label="事業所情報の変更" pager={changePager} />
        </>
      )}
    </Page>
  );
}

function PostingApplicationCard({ item, onDone }: { item: Item; onDone: (n: string) => void }) {
  const p = item.posting;
  const pid = p?.posting_id ?? '';
  const id = `application-${pid}`;
  const kind = applicationKinds[p?.pending_application ?? ''] ?? p?.pending_application ?? '';
  const path = { params: { path: { posting_id: pid } } };
  const proposed = p?.pending_content;
  return (
    <Card labelledBy={`${id}-name`}>
      <h3 id={`${id}-name`} className="text-std-17B-170 mb-2">
        {kind}：{occupation(p)}({item.establishment_name})
      </h3>
      <Facts
        rows={[
          ['求人番号', p?.job_number],
          ['申請の種類', kind],
          ['申請内容', p?.pending_note],
          ['変更後の職種', proposed?.job?.occupation !== p?.content?.job?.occupation ? proposed?.job?.occupation : ''],
          ['変更後の仕事内容', proposed?.job?.description !== p?.content?.job?.description ? proposed?.job?.description : ''],
          ['紹介期限日', jstDate(p?.referral_deadline)],
          ['状態', postingState(p)],
        ]}
      />
      <DecisionPanel
        id={id}
        onDone={onDone}
        decisions={[
          {
            key: 'accept',
            label: '承認',
            confirm: `求人番号 ${p?.job_number ?? ''} の「${kind}」を承認し、求人に反映します。`,
            run: async () => {
              await call(api.POST('/v1/staff/postings/{posting_id}:acceptApplication', { ...path, body: {} }));
              return `「${kind}」(${occupation(p)})を承認しました。`;
            },
          },
          {
            key: 'refuse',
            label: '却下',
            confirm: `求人番号 ${p?.job_number ?? ''} の「${kind}」を却下します。理由を求人者に伝えます。`,
            message: { label: '却下の理由', required: true },
            run: async (message) => {
              await call(api.POST('/v1/staff/postings/{posting_id}:refuseApplication', { ...path, body: { message } }));
              return `「${kind}」(${occupation(p)})を却下しました。`;
            },
          },
        ]}
      />
    </Card>
  );
}

const sectionNames: Record<number, string> = { 1: '企業基本情報', 2: '事業所基本情報', 3: '事業所詳細情報', 4: '就業場所情報', 5: '事業所PR情報' };

function ChangeCard({ c, onDone }: { c: Change; onDone: (n: string) => void }) {
  const id = `change-${c.change_id}`;
  const cid = c.change_id ?? '';
  const b = c.proposed?.basic;
  const sections = (c.sections ?? []).map((s) => sectionNames[s] ?? String(s)).join('、');
  return (
    <Card labelledBy={`${id}-name`}>
      <h3 id={`${id}-name`} className="text-std-17B-170 mb-2">
        事業所情報の変更({sections})
      </h3>
      <Facts
        rows={[
          ['申請日時', when(c.create_time)],
          ['変更する項目', sections],
          ['事業所名', b?.name],
          ['所在地', b?.address],
          ['電話番号', b?.phone_number],
          ['事業内容', c.proposed?.detail?.business_description],
          ['確認済みの注意', (c.warnings ?? []).map((w) => w.message_ja ?? '').join(' ')],
        ]}
      />
      <DecisionPanel
        id={id}
        onDone={onDone}
        decisions={[
          {
            key: 'approve',
            label: '承認',
            confirm: '事業所情報の変更を承認します。変更は事業所のすべての求人に反映されます。',
            run: async () => {
              await call(api.POST('/v1/establishment-changes/{change_id}:approve', { params: { path: { change_id: cid } }, body: {} }));
              return '事業所情報の変更を承認しました。';
            },
          },
          {
            key: 'reject',
            label: '却下',
            confirm: '事業所情報の変更を却下します。理由を求人者に伝えます。',
            message: { label: '却下の理由', required: true },
            run: async (message) => {
              await call(
                api.POST('/v1/establishment-changes/{change_id}:reject', { params: { path: { change_id: cid } }, body: { message } }),
              );
              return '事業所情報の変更を却下しました。';
            },
          },
        ]}
      />
    </Card>
  );
}

// ---- 画像の審査 (IMG-1) ----

// ImageWorklistPage shows the images waiting for the office's review, oldest first,
// each with its preview; 公開 publishes it, 不承認 rejects it with a reason.
export function ImageWorklistPage() {
  const [done, setDone] = useState<string>();
  const [images, reload, pager] = usePagedLoad(async (page_token) => {
    const r = await call(api.GET('/v1/staff/images', { params: { query: { page_size: 100, page_token } } }));
    const page = r.images ?? [];
    return { value: page, count: page.length, next: r.next_page_token };
  });
  return (
    <Page title="画像の審査" wide>
      <Done message={done} />
      {images.kind === 'loading' && <Loading />}
      {images.kind === 'error' && <Notice tone="warning">{images.message}</Notice>}
      {images.kind === 'ready' && images.value.value.length === 0 && <Empty>審査待ちの画像はありません。</Empty>}
      {images.kind === 'ready' && images.value.value.length > 0 && (
        <ul className="space-y-6">
          {images.value.value.map((im) => (
            <ImageCard
              key={im.image_id}
              im={im}
              onDone={(n) => {
                setDone(n);
                void reload();
              }}
            />
          ))}
        </ul>
      )}
      <Pager label="審査待ちの画像" pager={pager} />
    </Page>
  );
}

function ImageCard({ im, onDone }: { im: Image; onDone: (n: string) => void }) {
  const id = `image-${im.image_id}`;
  const iid = im.image_id ?? '';
  const caption = im.caption || '(説明なし)';
  const src = `/v1/establishments/${encodeURIComponent(im.establishment_id ?? '')}/images/${encodeURIComponent(iid)}/content`;
  return (
    <Card labelledBy={`${id}-name`}>
      <h2 id={`${id}-name`} className="text-std-20B-150 mb-2">
        {caption}
      </h2>
      <div className="flex flex-col gap-4 md:flex-row">
        <img src={src} alt={`審査する画像：${caption}`} className="max-h-64 max-w-full self-start rounded-8 border border-solid-gray-420 object-contain" />
        <Facts
          rows={[
            ['形式', im.content_type],
            ['大きさ', im.width && im.height ? `${im.width}×${im.height}ピクセル` : ''],
            ['ファイルサイズ', im.size_bytes ? `${Math.ceil(Number(im.size_bytes) / 1024)}KB` : ''],
            ['登録日時', when(im.create_time)],
          ]}
        />
      </div>
      <DecisionPanel
        id={id}
        onDone={onDone}
        decisions={[
          {
            key: 'approve',
            label: '公開',
            confirm: `画像「${caption}」を公開します。`,
            run: async () => {
              await call(api.POST('/v1/staff/images/{image_id}:review', { params: { path: { image_id: iid } }, body: { approve: true } }));
              return `画像「${caption}」を公開しました。`;
            },
          },
          {
            key: 'reject',
            label: '不承認',
            confirm: `画像「${caption}」を公開しません。理由を求人者に伝えます。`,
            message: { label: '不承認の理由', required: true },
            run: async (message) => {
              await call(
                api.POST('/v1/staff/images/{image_id}:review', { params: { path: { image_id: iid } }, body: { approve: false, message } }),
              );
              return `画像「${caption}」を不承認にしました。`;
            },
          },
        ]}
      />
    </Card>
  );
}
