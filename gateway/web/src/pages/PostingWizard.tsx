import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Path } from 'react-hook-form';
import { api, call, type Posting, type PostingWarning } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { ErrorSummary, Notice, type SummaryItem } from '../components/Form';
import { Page } from '../components/Page';
import { FieldByDef } from '../components/FieldByDef';
import { SectionNav, statusText, type SectionStatus } from '../components/SectionNav';
import { SectionFrame, useSectionForm } from '../components/SectionForm';
import { editable, jstDate } from '../components/PostingCard';
import { ApiError, type Violation } from '../lib/apiError';
import {
  clearLocal,
  fieldName,
  fromSection,
  itemsShown,
  layoutOf,
  loadLocal,
  maxAllowances,
  sameValues,
  saveLocal,
  sectionFields,
  sectionOf,
  sections,
  sectionTitle,
  shownFields,
  shownValues,
  toSection,
  withoutItem,
  type FieldDef,
  type FormValues,
  type SectionKey,
} from '../lib/postingForm';
import { isWarningReason } from '../lib/postingLabels';
import { useSessionGuard } from '../lib/session';

// The posting wizard (新規求人情報を登録, JOB-1): the eight sections of domain.md §2.5,
// each opened in any order from the section list and saved on its own as the server's
// draft (blocking errors in red on their fields and in the summary, warnings listed to
// be confirmed at submission). Whatever is typed is also kept in localStorage per
// posting and section, so a closed tab or an expired session loses nothing; the copy
// is cleared once the posting is submitted. The last step checks everything together
// and submits (申込み → 仮登録).

const message = (e: unknown) => (e instanceof ApiError ? e.localized : 'システムエラーが発生しました。時間をおいて再度お試しください。');

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; posting: Posting };

export function usePosting(postingId: string | undefined) {
  const guard = useSessionGuard();
  const [state, setState] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!postingId) return;
    let cancelled = false;
    (async () => {
      try {
        const posting = await call(api.GET('/v1/postings/{posting_id}', { params: { path: { posting_id: postingId } } }));
        if (!cancelled) setState({ kind: 'ready', posting });
      } catch (e) {
        if (!cancelled && !guard(e)) setState({ kind: 'error', message: message(e) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [postingId, guard, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((posting: Posting) => setState({ kind: 'ready', posting }), []);
  return { state, reload, set };
}

export function Loading() {
  return (
    <p role="status" className="text-std-16N-175">
      読み込み中です…
    </p>
  );
}

export function LoadError({ text, retry }: { text: string; retry: () => void }) {
  return (
    <Notice tone="warning">
      <p role="alert">{text}</p>
      <Button variant="secondary" onClick={retry}>
        再読み込み
      </Button>
    </Notice>
  );
}

// 新規求人情報を登録: start an empty draft, or pick an earlier posting to reuse.
export function PostingNewPage() {
  const guard = useSessionGuard();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const p = await call(api.POST('/v1/postings', { body: {} }));
      navigate(`/postings/${p.posting_id}/edit`);
    } catch (e) {
      if (!guard(e)) setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page
      title="新規求人情報を登録"
      lead={
        <p>
          求人情報は8つの項目に分けて入力します。項目はどの順番でも入力・保存でき、途中で中断しても保存した内容と入力中の内容は失われません。
        </p>
      }
    >
      {error && (
        <Notice tone="warning">
          <p role="alert">{error}</p>
        </Notice>
      )}
      <ButtonRow>
        <Button onClick={start} disabled={busy}>
          新しく入力する
        </Button>
        <Link to="/postings/reuse" className="text-std-16B-175">
          転用可能な求人一覧
        </Link>
      </ButtonRow>
    </Page>
  );
}


// storeOf is where a posting's local copy is kept: the draft's own id, or change-<id>
// for a change application of a valid posting (JOB-3), whose sections are not saved on
// the server one by one but sent together.
export const storeOf = (p: Posting, change: boolean) => `${change ? 'change-' : ''}${p.posting_id ?? ''}`;

function statusOf(p: Posting, key: SectionKey, change = false): SectionStatus {
  const saved = p.content?.[key];
  const local = p.posting_id ? loadLocal(storeOf(p, change), key) : undefined;
  // Hidden fields (shownWhen) are not sent: what they hold is no unsaved input.
  const defs = sectionFields[key];
  if (local && !sameValues(shownValues(defs, local), shownValues(defs, fromSection(key, saved)))) return change ? 'changed' : 'unsaved';
  return saved ? 'saved' : 'empty';
}


// PostingEditPage is the wizard of a draft or returned posting, or (change) of the
// change application of a valid posting (JOB-3: 変更申請, the whole content checked
// and sent at once; the live posting keeps its content until the office accepts), or
// (staff) of a posting office staff enter for an establishment (求人の窓口入力, JOB-2's
// other channels), which goes to the office's worklist once submitted.
export function PostingEditPage({ change = false, staff = false }: { change?: boolean; staff?: boolean }) {
  const { postingId } = useParams();
  const [params, setParams] = useSearchParams();
  const { state, reload, set } = usePosting(postingId);
  const current = params.get('section') ?? 'category';
  const [savedWarnings, setSavedWarnings] = useState<Record<string, PostingWarning[]>>({});
  // The errors of the last whole check (申込み), shown again on their fields when their
  // section is opened (the minimum wage of the 試用期間 wage on that wage's field).
  const [checked, setChecked] = useState<Violation[]>([]);
  const [, bump] = useState(0); // re-read the section statuses after local edits
  const title = staff ? '求人の窓口入力' : change ? '求人情報の変更申請' : state.kind === 'ready' && state.posting.state === 'POSTING_STATE_RETURNED' ? '求人情報の修正' : '新規求人情報を登録';
  const canEdit = (p: Posting) => (change ? p.list === 'POSTING_LIST_VALID' && !p.pending_application : editable(p));
  const open = (key: string) => setParams({ section: key });

  return (
    <Page title={title}>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <LoadError text={state.message} retry={reload} />}
      {state.kind === 'ready' && !canEdit(state.posting) && (
        <Notice tone="info">
          <p>この求人は{state.posting.status_label}のため{change ? '変更を申請' : '編集'}できません。</p>
          <p>
            {staff ? <Link to="/staff/postings">求人の受付へ</Link> : <Link to={`/postings/${postingId}`}>求人の詳細を表示</Link>}
          </p>
        </Notice>
      )}
      {state.kind === 'ready' && canEdit(state.posting) && (
        <>
          {change && (
            <Notice tone="info">
              <p>変更する項目を開いて修正し、最後に「申込み内容の確認・申込み」から変更を申請してください。ハローワークが受理するまで、公開中の求人は変更前の内容のままです。</p>
            </Notice>
          )}
          {state.posting.state === 'POSTING_STATE_RETURNED' && (
            <Notice tone="warning" title="ハローワークからの修正依頼">
              <p className="whitespace-pre-wrap">{state.posting.office_message || '（メッセージはありません）'}</p>
              <p>内容を修正して、もう一度申込みしてください。</p>
            </Notice>
          )}
          {state.posting.reused_from && <p className="text-std-16N-175 mb-4">以前の求人を転用して作成した求人です。内容を確認してください。</p>}
          {state.posting.renewal_of && <p className="text-std-16N-175 mb-4">有効中の求人の更新として作成した求人です。受理されると新しい求人番号が付きます。</p>}
          <div className="md:grid md:grid-cols-[14rem_1fr] md:gap-8">
            <SectionNav
              items={sections.map((s) => ({ key: s.key, title: s.title, status: statusOf(state.posting, s.key, change) }))}
              current={current}
              last={{ key: 'confirm', title: change ? '変更内容の確認・申請' : '申込み内容の確認・申込み' }}
            />
            <div>
              {current === 'confirm' ? (
                <SubmitStep posting={state.posting} open={open} change={change} staff={staff} onChecked={setChecked} />
              ) : sections.some((s) => s.key === current) ? (
                <SectionForm
                  key={current}
                  posting={state.posting}
                  section={current as SectionKey}
                  change={change}
                  warnings={savedWarnings[current] ?? []}
                  checked={checked.filter((v) => sectionOf(v.field) === current)}
                  onChange={() => bump((n) => n + 1)}
                  onSaved={(p, warnings, next) => {
                    set(p);
                    setChecked((c) => c.filter((v) => sectionOf(v.field) !== current));
                    setSavedWarnings((w) => ({ ...w, [current]: warnings }));
                    if (next) open(next);
                  }}
                />
              ) : (
                <p>この項目はありません。</p>
              )}
            </div>
          </div>
        </>
      )}
    </Page>
  );
}

function SectionForm({
  posting,
  section,
  change,
  warnings,
  checked,
  onSaved,
  onChange,
}: {
  posting: Posting;
  section: SectionKey;
  change: boolean;
  warnings: PostingWarning[];
  checked: Violation[];
  onSaved: (p: Posting, warnings: PostingWarning[], next?: string) => void;
  onChange: () => void;
}) {
  const id = posting.posting_id ?? '';
  const store = storeOf(posting, change);
  const defs = sectionFields[section];
  const index = sections.findIndex((s) => s.key === section);
  const next = sections[index + 1]?.key ?? 'confirm';
  const prev = sections[index - 1]?.key;
  const state = useSectionForm({
    store,
    section,
    defs,
    server: fromSection(section, posting.content?.[section]),
    onChange,
    initialErrors: checked.map((v) => ({ field: v.field, message: v.message })),
    send: async (values, goNext) => {
      if (change) {
        // A change is sent whole at the end; the form rules passed.
        saveLocal(store, section, values);
        onSaved(posting, [], goNext ? next : undefined);
        return `${sectionTitle(section)}の変更内容を保存しました（変更の申請はまだ完了していません）。`;
      }
      const res = await call(
        api.POST('/v1/postings/{posting_id}:updateSection', {
          params: { path: { posting_id: id } },
          body: { [section]: toSection(section, values) },
        }),
      );
      saveLocal(id, section, values);
      onSaved(res.posting ?? posting, res.warnings ?? [], goNext ? next : undefined);
      return `${sectionTitle(section)}を保存しました。`;
    },
  });
  const form = state.form;
  // Repeated items (手当): how many each list shows beyond what is typed, and the field
  // to focus once an item was added or removed.
  const [added, setAdded] = useState<Record<string, number>>({});
  const [focusField, setFocusField] = useState<string>();
  const values = form.watch();
  const shown = itemsShown(defs, values, added);
  useEffect(() => {
    if (focusField) form.setFocus(focusField as Path<FormValues>);
  }, [focusField, form]);
  const addItem = (list: string) => {
    const n = Math.min((shown[list] ?? 1) + 1, maxAllowances);
    setAdded((a) => ({ ...a, [list]: n }));
    setFocusField(fieldName(`${list}.${n - 1}.name`));
  };
  const removeItem = (list: string, at: number) => {
    const values = withoutItem(defs, form.getValues(), list, at);
    form.clearErrors(Object.keys(values) as Path<FormValues>[]);
    for (const [k, v] of Object.entries(values)) form.setValue(k as Path<FormValues>, v, { shouldDirty: true });
    setAdded((a) => ({ ...a, [list]: Math.max((shown[list] ?? 1) - 1, 1) }));
    setFocusField(fieldName(`${list}.${Math.max(at - 1, 0)}.name`));
  };
  const fieldOf = (d: FieldDef) => <FieldByDef def={d} form={form} error={state.errors[fieldName(d.path)]?.message as string | undefined} />;

  return (
    <SectionFrame
      heading={`${index + 1}. ${sectionTitle(section)}`}
      state={state}
      showRestored={!change}
      prev={prev && { key: prev, title: sectionTitle(prev) }}
      warnings={
        warnings.length > 0 && (
          <Notice tone="warning" title="確認が必要な事項があります">
            <ul className="list-disc pl-6">
              {warnings.map((w) => (
                <li key={w.code}>{w.message}</li>
              ))}
            </ul>
            <p>内容に誤りがなければそのまま進めてください。申込みの際に確認していただきます。</p>
          </Notice>
        )
      }
    >
      {layoutOf(shownFields(defs, values), shown).map((b) => {
        const group = b.kind === 'field' ? b.def.group : b.kind === 'item' ? b.group : undefined;
        const heading = group && <h3 className="text-std-20B-150 mb-4 mt-8 border-b border-solid-gray-420 pb-1">{group}</h3>;
        if (b.kind === 'field') {
          return (
            <div key={b.def.path}>
              {heading}
              {fieldOf(b.def)}
            </div>
          );
        }
        if (b.kind === 'add') {
          return (
            (shown[b.list] ?? 1) < maxAllowances && (
              <p key={`${b.list}-add`} className="mb-6">
                <Button variant="secondary" onClick={() => addItem(b.list)}>
                  {b.title}を追加
                </Button>
              </p>
            )
          );
        }
        return (
          <div key={`${b.list}-${b.index}`}>
            {heading}
            <fieldset className="mb-4 rounded-8 border border-solid-gray-420 p-4">
              <legend className="text-std-17B-170 px-1">{b.title}</legend>
              {b.defs.map((d) => (
                <div key={d.path}>{fieldOf(d)}</div>
              ))}
              <Button variant="secondary" onClick={() => removeItem(b.list, b.index)}>
                {b.title}を削除
              </Button>
            </fieldset>
          </div>
        );
      })}
    </SectionFrame>
  );
}

// warningCode is how a warning is confirmed: REASON@field.
export const warningCode = (v: Violation) => `${v.reason}@${v.field}`;

// SubmitStep checks the eight sections together and submits (JOB-1): errors are
// listed by section with a link to open it (the minimum-wage error as the service words
// it), warnings must each be confirmed before 申込み.
function SubmitStep({ posting, open, change, staff, onChecked }: { posting: Posting; open: (key: string) => void; change: boolean; staff: boolean; onChecked: (errors: Violation[]) => void }) {
  const guard = useSessionGuard();
  const navigate = useNavigate();
  const id = posting.posting_id ?? '';
  const store = storeOf(posting, change);
  const [note, setNote] = useState('');
  const [errorsBySection, setErrors] = useState<Violation[]>([]);
  const [topMessage, setTopMessage] = useState<string>();
  const [warnings, setWarnings] = useState<Violation[]>([]);
  const [confirmed, setConfirmed] = useState<Record<string, boolean>>({});
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const missing = sections.filter((s) => !posting.content?.[s.key]);
  const unsaved = change ? [] : sections.filter((s) => statusOf(posting, s.key) === 'unsaved');

  const submit = async () => {
    const unconfirmed = warnings.filter((w) => !confirmed[warningCode(w)]);
    if (unconfirmed.length > 0) {
      setTopMessage('確認が必要な事項をすべて確認してください。');
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    setTopMessage(undefined);
    try {
      if (change) {
        // The whole proposed content: each section as changed here, or as it is.
        const content: Record<string, unknown> = {};
        for (const s of sections) {
          const local = loadLocal(store, s.key);
          content[s.key] = local ? toSection(s.key, local) : posting.content?.[s.key];
        }
        await call(
          api.POST('/v1/postings/{posting_id}:requestChange', {
            params: { path: { posting_id: id } },
            body: { content, note, confirmed_warnings: warnings.map(warningCode) },
          }),
        );
        clearLocal(store);
        navigate(`/postings/${id}/manage?changed=1`);
        return;
      }
      await call(
        api.POST('/v1/postings/{posting_id}:submit', {
          params: { path: { posting_id: id } },
          body: { confirmed_warnings: warnings.map(warningCode) },
        }),
      );
      clearLocal(id);
      navigate(staff ? `/staff/postings?entered=${id}#posting-${id}` : `/postings/${id}/submitted`);
    } catch (e) {
      if (guard(e)) return;
      if (e instanceof ApiError && e.reason === 'WARNINGS_NOT_CONFIRMED') {
        setErrors([]);
        setWarnings(e.violations);
        setTopMessage(e.localized);
      } else {
        // A refused check lists the warnings beside the errors: the errors to fix, the
        // warnings to confirm now (sent with the next 申込み).
        const all = e instanceof ApiError ? e.violations : [];
        setErrors(all.filter((v) => !isWarningReason(v.reason)));
        onChecked(all.filter((v) => !isWarningReason(v.reason)));
        setWarnings(all.filter((v) => isWarningReason(v.reason)));
        setTopMessage(message(e));
      }
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const items: SummaryItem[] = errorsBySection.map((v, i) => ({ id: `submit-error-${i}`, message: `${sectionTitle(sectionOf(v.field) ?? '') || '求人情報'}：${v.message}` }));

  return (
    <section aria-labelledby="section-title">
      <h2 id="section-title" className="text-std-24B-150 mb-4">
        {change ? '変更内容の確認・申請' : '申込み内容の確認・申込み'}
      </h2>
      <ErrorSummary message={topMessage} items={items} focusKey={attempt} />
      {errorsBySection.length > 0 && (
        <ul className="mb-6 space-y-2">
          {errorsBySection.map((v, i) => {
            const key = sectionOf(v.field);
            return (
              <li key={`${v.field}-${i}`} id={`submit-error-${i}`} tabIndex={-1} className="text-std-16N-175 text-red-1000">
                {key ? (
                  <button type="button" className="underline" onClick={() => open(key)}>
                    {sectionTitle(key)}を開く
                  </button>
                ) : null}{' '}
                {v.message}
              </li>
            );
          })}
        </ul>
      )}
      <p className="text-std-16N-175 mb-4">
        {change
          ? '変更後の8つの項目をまとめて確認し、ハローワークへ変更を申請します。'
          : staff
            ? '8つの項目をまとめて確認し、窓口受付の求人として申し込みます。求人の受付に表示され、公開期限は申込みから7開庁日です。'
            : '8つの項目をまとめて確認し、ハローワークへ申込み（仮登録）します。'}
      </p>
      <table className="text-std-16N-175 mb-6 w-full border-collapse">
        <thead>
          <tr className="border-b border-solid-gray-420">
            <th scope="col" className="p-2 text-left">
              項目
            </th>
            <th scope="col" className="p-2 text-left">
              状態
            </th>
          </tr>
        </thead>
        <tbody>
          {sections.map((s, i) => (
            <tr key={s.key} className="border-b border-solid-gray-420">
              <th scope="row" className="p-2 text-left font-normal">
                <Link to={`?section=${s.key}`}>
                  {i + 1}. {s.title}
                </Link>
              </th>
              <td className="p-2">{statusText[statusOf(posting, s.key, change)]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {missing.length > 0 && (
        <Notice tone="warning">
          <p>未入力の項目があります：{missing.map((s) => s.title).join('、')}</p>
        </Notice>
      )}
      {unsaved.length > 0 && (
        <Notice tone="warning">
          <p>保存されていない入力があります：{unsaved.map((s) => s.title).join('、')}。申込みには保存した内容が使われます。</p>
        </Notice>
      )}
      {warnings.length > 0 && (
        <fieldset className="mb-6 rounded-8 border-2 border-yellow-700 bg-yellow-50 p-4">
          <legend className="text-std-17B-170 px-1">確認が必要な事項</legend>
          {warnings.map((w, i) => (
            <div key={warningCode(w)} className="mb-3">
              <p id={`warning-${i}-text`} className="text-std-16N-175">
                {sectionTitle(sectionOf(w.field) ?? '')}：{w.message}
              </p>
              <div className="flex items-start gap-2">
                <input
                  id={`warning-${i}`}
                  aria-describedby={`warning-${i}-text`}
                  type="checkbox"
                  className="mt-1 size-6 accent-blue-900"
                  checked={Boolean(confirmed[warningCode(w)])}
                  onChange={(e) => setConfirmed((c) => ({ ...c, [warningCode(w)]: e.target.checked }))}
                />
                <label htmlFor={`warning-${i}`} className="text-std-16N-175">
                  内容を確認しました（このまま申込みます）
                </label>
              </div>
            </div>
          ))}
        </fieldset>
      )}
      {change && (
        <div className="mb-6">
          <label htmlFor="change-note" className="text-std-17B-170 block">
            ハローワークへの連絡事項
          </label>
          <textarea
            id="change-note"
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            className="text-std-16N-175 mt-2 block w-full rounded-8 border border-solid-gray-600 bg-white px-4 py-3 hover:border-black"
          />
        </div>
      )}
      <ButtonRow>
        <Button onClick={submit} disabled={busy}>
          {change ? '変更を申請' : '申込み'}
        </Button>
      </ButtonRow>
    </section>
  );
}

// 求人情報の仮登録完了: the application is with the office.
export function PostingSubmittedPage() {
  const { postingId } = useParams();
  const { state, reload } = usePosting(postingId);
  return (
    <Page title="求人情報の仮登録完了">
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <LoadError text={state.message} retry={reload} />}
      {state.kind === 'ready' && (
        <>
          <Notice tone="success" title="求人情報の申込み（仮登録）が完了しました">
            <p>ハローワークで内容を確認します。確認が完了し受理されると、求人番号をお知らせします。</p>
            <p>「求人情報仮登録完了通知」メールをお送りしました。</p>
          </Notice>
          {state.posting.counter_visit_by && (
            <Notice tone="warning" title="ハローワークへの来所が必要です">
              <p>{jstDate(state.posting.counter_visit_by)}までに管轄のハローワークへお越しください。</p>
              {(state.posting.counter_visit_reasons ?? []).length > 0 && (
                <ul className="list-disc pl-6">
                  {(state.posting.counter_visit_reasons ?? []).map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              )}
            </Notice>
          )}
          <ul className="text-std-16N-175 space-y-2">
            <li>
              <Link to={`/postings/${postingId}`}>申込んだ求人の詳細を表示</Link>
            </li>
            <li>
              <Link to="/home">求人者マイページホームへ</Link>
            </li>
          </ul>
        </>
      )}
    </Page>
  );
}
