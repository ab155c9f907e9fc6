import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call, type Establishment, type EstablishmentWarning } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { FieldByDef } from '../components/FieldByDef';
import { ErrorSummary, Notice, type SummaryItem } from '../components/Form';
import { Page } from '../components/Page';
import { SectionNav, statusText, type SectionStatus } from '../components/SectionNav';
import { SectionFrame, useSectionForm } from '../components/SectionForm';
import { ApiError, type Violation } from '../lib/apiError';
import { estFieldLabel, estFields, estLocalPrefix, estSectionOf, estSections, estSectionTitle, type EstSectionKey } from '../lib/establishmentForm';
import { clearLocal, fieldName, fromObject, loadLocal, sameValues, saveLocal, toObject, type FormValues } from '../lib/postingForm';
import { useSessionGuard } from '../lib/session';
import { ImagesPanel } from './Establishment';
import { LoadError, Loading } from './PostingWizard';

// 事業所情報の仮登録 (OPEN-1 step 4): after the employer's 仮登録 and first sign-in, the
// provisional account fills the five sections of domain.md §1.3 in any order, each
// saved on its own (blocking errors in red on their fields and in the summary; warnings
// in orange, confirmed by saving again), what is typed kept in localStorage until the
// submission, then 申込み (仮登録) and the done screen that sends them on to the first
// posting (求人申込み, /postings/new): the office checks both together and, on
// acceptance (受理), opens the MyPage. The same screens serve a registration the office
// returned for correction (修正依頼).

const message = (e: unknown) => (e instanceof ApiError ? e.localized : 'システムエラーが発生しました。時間をおいて再度お試しください。');
const sectionNumber = (key: EstSectionKey) => estSections.find((s) => s.key === key)?.number ?? 0;
const editableStates = ['ESTABLISHMENT_STATE_DRAFT', 'ESTABLISHMENT_STATE_RETURNED'];

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; est: Establishment };

// useMyRegistration loads the account's provisional registration, starting it on the
// first visit (one per account: a concurrent start finds the one that exists).
function useMyRegistration(start: boolean) {
  const guard = useSessionGuard();
  const [state, setState] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    const mine = () => call(api.GET('/v1/establishments:mine'));
    (async () => {
      try {
        let est: Establishment;
        try {
          est = await mine();
        } catch (e) {
          if (!(start && e instanceof ApiError && e.status === 404)) throw e;
          try {
            est = await call(api.POST('/v1/establishments', { body: {} }));
          } catch (e2) {
            if (!(e2 instanceof ApiError && e2.reason === 'ALREADY_HAS_ESTABLISHMENT')) throw e2;
            est = await mine();
          }
        }
        if (!cancelled) setState({ kind: 'ready', est });
      } catch (e) {
        if (!cancelled && !guard(e)) setState({ kind: 'error', message: message(e) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [guard, attempt, start]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((est: Establishment) => setState({ kind: 'ready', est }), []);
  return { state, reload, set };
}

const serverValues = (est: Establishment, key: EstSectionKey) =>
  fromObject(estFields[key], (est.completed_sections ?? []).includes(sectionNumber(key)) ? est.profile?.[key] : undefined);

function statusOf(est: Establishment, key: EstSectionKey): SectionStatus {
  const saved = (est.completed_sections ?? []).includes(sectionNumber(key));
  const local = loadLocal(est.establishment_id ?? '', key, estLocalPrefix);
  if (local && !sameValues(local, serverValues(est, key))) return 'unsaved';
  return saved ? 'saved' : 'empty';
}

// EstablishmentRegistrationPage is 事業所情報の仮登録 at /registration/establishment?section=….
export function EstablishmentRegistrationPage() {
  const [params, setParams] = useSearchParams();
  const { state, reload, set } = useMyRegistration(true);
  const current = params.get('section') ?? 'company';
  const [, bump] = useState(0);
  const open = (key: string) => setParams({ section: key });
  const returned = state.kind === 'ready' && state.est.state === 'ESTABLISHMENT_STATE_RETURNED';
  const imageCount = useImageCount(state.kind === 'ready' ? state.est.establishment_id : undefined);

  return (
    <Page
      title={returned ? '事業所情報の修正' : '事業所情報の仮登録'}
      lead={
        <p>
          事業所情報は6つの項目（画像情報は任意）に分けて入力します。項目はどの順番でも入力・保存でき、途中で中断しても保存した内容と入力中の内容は失われません。事業所情報の申込みのあと、続けて求人情報を入力(仮登録)してください。
        </p>
      }
    >
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <LoadError text={state.message} retry={reload} />}
      {state.kind === 'ready' && !editableStates.includes(state.est.state ?? '') && <NotEditable est={state.est} onStarted={set} />}
      {state.kind === 'ready' && editableStates.includes(state.est.state ?? '') && (
        <>
          {returned && (
            <Notice tone="warning" title="ハローワークからの修正依頼">
              <p className="whitespace-pre-wrap">{state.est.office_message || '（メッセージはありません）'}</p>
              <p>内容を修正して、もう一度申込みしてください。</p>
            </Notice>
          )}
          <div className="md:grid md:grid-cols-[14rem_1fr] md:gap-8">
            <SectionNav
              items={[
                ...estSections.map((s) => ({ key: s.key, title: s.title, status: statusOf(state.est, s.key) })),
                { key: imagesKey, title: '画像情報（任意）', status: imageCount.count > 0 ? ('saved' as const) : ('empty' as const) },
              ]}
              current={current}
              last={{ key: 'confirm', title: '申込み内容の確認・申込み' }}
            />
            <div>
              {current === 'confirm' ? (
                <SubmitStep est={state.est} open={open} />
              ) : current === imagesKey ? (
                <ImagesSection est={state.est} onCount={imageCount.set} />
              ) : estSections.some((s) => s.key === current) ? (
                <SectionForm
                  key={current}
                  est={state.est}
                  section={current as EstSectionKey}
                  onChange={() => bump((n) => n + 1)}
                  onSaved={(est, next) => {
                    set(est);
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

// Section 6 画像情報 (任意, IMG-1) is not part of the profile the office checks: its
// images are stored at once (each waiting for the office's review) and no 保存 or
// 申込み concerns them. The provisional owner may upload them before the opening.
const imagesKey = 'images';

// useImageCount is how many images the registration has (the section list's state).
function useImageCount(establishmentId: string | undefined) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!establishmentId) return;
    let cancelled = false;
    call(api.GET('/v1/establishments/{establishment_id}/images', { params: { path: { establishment_id: establishmentId } } }))
      .then((res) => {
        if (!cancelled) setCount((res.images ?? []).length);
      })
      .catch(() => {
        // The state stays 未入力; the section itself shows the error.
      });
    return () => {
      cancelled = true;
    };
  }, [establishmentId]);
  return { count, set: setCount };
}

function ImagesSection({ est, onCount }: { est: Establishment; onCount: (n: number) => void }) {
  return (
    <section aria-labelledby="section-title">
      <h2 id="section-title" className="text-std-24B-150 mb-4">
        {estSections.length + 1}. 画像情報
        <span className="text-std-16N-175 ml-2">（任意）</span>
      </h2>
      <p className="text-std-16N-175 mb-6">
        事業所の外観、職場風景、取扱商品などの画像を登録できます。画像は選んだときに登録され、ハローワークが確認した後、求人とともに公開されます。
      </p>
      <ImagesPanel establishmentId={est.establishment_id ?? ''} headingLevel={3} onCount={onCount} />
      <ButtonRow>
        <Link to="?section=confirm" className="text-std-16B-175">
          申込み内容の確認・申込みへ進む
        </Link>
      </ButtonRow>
      <p className="mt-6">
        <Link to={`?section=${estSections[estSections.length - 1]?.key ?? ''}`}>前の項目（{estSections[estSections.length - 1]?.title}）へ戻る</Link>
      </p>
    </section>
  );
}

// Rejected is a registration the office did not accept (不受理, OPEN-1): its reason,
// what that means (no MyPage is opened from it, and its postings are not checked), and
// a new registration, which the account may start.
function Rejected({ est, onStarted }: { est: Establishment; onStarted: (est: Establishment) => void }) {
  const guard = useSessionGuard();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onStarted(await call(api.POST('/v1/establishments', { body: {} })));
    } catch (e) {
      if (!guard(e)) setError(message(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Notice tone="warning" title="事業所情報の申込みは受理されませんでした（不受理）">
        <p className="font-bold">ハローワークからの理由</p>
        <p className="whitespace-pre-wrap">{est.office_message || '（理由の記載はありません）'}</p>
      </Notice>
      <div className="text-std-16N-175 mb-6 space-y-2">
        <p>この申込みでは求人者マイページは開設されず、あわせて申込んだ求人情報も受理されません。</p>
        <p>
          理由について詳しくは、{est.office_name ? `${est.office_name}（管轄のハローワーク）` : '管轄のハローワーク'}にお問い合わせください。内容を改めて、事業所情報を新しく申込むことができます。
        </p>
      </div>
      {error && (
        <Notice tone="warning">
          <p role="alert">{error}</p>
        </Notice>
      )}
      <ButtonRow>
        <Button variant="secondary" onClick={start} disabled={busy}>
          事業所情報を新しく入力する
        </Button>
      </ButtonRow>
    </>
  );
}

function NotEditable({ est, onStarted }: { est: Establishment; onStarted: (est: Establishment) => void }) {
  if (est.state === 'ESTABLISHMENT_STATE_PROVISIONAL') {
    return (
      <Notice tone="info" title="事業所情報は申込み済みです（ハローワーク確認中）">
        <p>ハローワークで内容を確認しています。求人情報の申込みがまだの場合は、続けて入力(仮登録)してください。</p>
        <p>
          <Link to="/postings/new">求人情報を入力(仮登録)する</Link>
        </p>
      </Notice>
    );
  }
  if (est.state === 'ESTABLISHMENT_STATE_REJECTED') return <Rejected est={est} onStarted={onStarted} />;
  return (
    <Notice tone="info">
      <p>事業所情報は登録済みです。</p>
      <p>
        <Link to="/home">求人者マイページホームへ</Link>
      </p>
    </Notice>
  );
}

function SectionForm({
  est,
  section,
  onSaved,
  onChange,
}: {
  est: Establishment;
  section: EstSectionKey;
  onSaved: (est: Establishment, next?: string) => void;
  onChange: () => void;
}) {
  const id = est.establishment_id ?? '';
  const defs = estFields[section];
  // The warnings of the last attempt and the values they were about: saving the same
  // values again confirms them (the orange messages of domain.md §1.3).
  const [warned, setWarned] = useState<{ warnings: EstablishmentWarning[]; values: FormValues }>();
  const index = estSections.findIndex((s) => s.key === section);
  const next = estSections[index + 1]?.key ?? imagesKey;
  const prev = estSections[index - 1]?.key;
  const state = useSectionForm({
    store: id,
    section,
    defs,
    server: serverValues(est, section),
    prefix: estLocalPrefix,
    onChange,
    send: async (values, goNext) => {
      const confirm = warned !== undefined && sameValues(warned.values, values);
      const res = await call(
        api.POST('/v1/establishments/{establishment_id}:saveSection', {
          params: { path: { establishment_id: id } },
          body: { [section]: toObject(defs, values), confirm_warnings: confirm },
        }),
      );
      if (!res.saved) {
        setWarned({ warnings: res.warnings ?? [], values });
        return undefined;
      }
      setWarned(undefined);
      // What was saved is the server's (normalised) copy now.
      const saved = res.establishment ?? est;
      saveLocal(id, section, serverValues(saved, section), estLocalPrefix);
      onSaved(saved, goNext ? next : undefined);
      return `${estSectionTitle(section)}を保存しました。`;
    },
  });

  return (
    <SectionFrame
      heading={
        <>
          {index + 1}. {estSectionTitle(section)}
          {estSections[index]?.optional && <span className="text-std-16N-175 ml-2">（任意）</span>}
        </>
      }
      state={state}
      prev={prev && { key: prev, title: estSectionTitle(prev) }}
      warnings={
        warned &&
        warned.warnings.length > 0 && (
          <div role="alert" className="mb-6 rounded-8 border-2 border-yellow-700 bg-yellow-50 p-4">
            <p className="text-std-17B-170">確認が必要な事項があります（まだ保存されていません）</p>
            <ul className="text-std-16N-175 list-disc pl-6">
              {warned.warnings.map((w) => (
                <li key={`${w.reason}@${w.field}`}>
                  {estFieldLabel(w.field ?? '') && `${estFieldLabel(w.field ?? '')}：`}
                  {w.message_ja}
                </li>
              ))}
            </ul>
            <p className="text-std-16N-175">内容に誤りがなければ、もう一度「保存する」または「保存して次へ進む」を押してください。</p>
          </div>
        )
      }
    >
      {defs.map((d) => (
        <div key={d.path}>
          {d.group && <h3 className="text-std-20B-150 mb-4 mt-8 border-b border-solid-gray-420 pb-1">{d.group}</h3>}
          <FieldByDef def={d} form={state.form} error={state.errors[fieldName(d.path)]?.message as string | undefined} />
        </div>
      ))}
    </SectionFrame>
  );
}

// SubmitStep is 申込み内容の確認・申込み: the sections' states, then the submission (完了):
// the service's refusal (a missing section) listed with a link to open the section.
function SubmitStep({ est, open }: { est: Establishment; open: (key: string) => void }) {
  const guard = useSessionGuard();
  const navigate = useNavigate();
  const id = est.establishment_id ?? '';
  const [violations, setViolations] = useState<Violation[]>([]);
  const [topMessage, setTopMessage] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const missing = estSections.filter((s) => !s.optional && statusOf(est, s.key) === 'empty');
  const unsaved = estSections.filter((s) => statusOf(est, s.key) === 'unsaved');

  const submit = async () => {
    setBusy(true);
    setTopMessage(undefined);
    try {
      await call(api.POST('/v1/establishments/{establishment_id}:submit', { params: { path: { establishment_id: id } }, body: {} }));
      clearLocal(id, estLocalPrefix, estSections.map((s) => s.key));
      navigate('/registration/establishment/submitted');
    } catch (e) {
      if (guard(e)) return;
      setViolations(e instanceof ApiError ? e.violations : []);
      setTopMessage(message(e));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const items: SummaryItem[] = violations.map((v, i) => ({ id: `submit-error-${i}`, message: `${estSectionTitle(estSectionOf(v.field) ?? '') || '事業所情報'}：${v.message}` }));

  return (
    <section aria-labelledby="section-title">
      <h2 id="section-title" className="text-std-24B-150 mb-4">
        申込み内容の確認・申込み
      </h2>
      <ErrorSummary message={topMessage} items={items} focusKey={attempt} />
      {violations.length > 0 && (
        <ul className="mb-6 space-y-2">
          {violations.map((v, i) => {
            const key = estSectionOf(v.field);
            return (
              <li key={`${v.field}-${i}`} id={`submit-error-${i}`} tabIndex={-1} className="text-std-16N-175 text-red-1000">
                {key ? (
                  <button type="button" className="underline" onClick={() => open(key)}>
                    {estSectionTitle(key)}を開く
                  </button>
                ) : null}{' '}
                {v.message}
              </li>
            );
          })}
        </ul>
      )}
      <p className="text-std-16N-175 mb-4">保存した5つの項目の内容で、ハローワークへ事業所情報を申込み（仮登録）します。</p>
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
          {estSections.map((s, i) => (
            <tr key={s.key} className="border-b border-solid-gray-420">
              <th scope="row" className="p-2 text-left font-normal">
                <Link to={`?section=${s.key}`}>
                  {i + 1}. {s.title}
                  {s.optional && '（任意）'}
                </Link>
              </th>
              <td className="p-2">{statusText[statusOf(est, s.key)]}</td>
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
      <ButtonRow>
        <Button onClick={submit} disabled={busy}>
          申込み
        </Button>
      </ButtonRow>
    </section>
  );
}

// 事業所情報の仮登録完了: the office checks it with the first posting; on to 求人申込み.
export function EstablishmentSubmittedPage() {
  const { state, reload } = useMyRegistration(false);
  return (
    <Page title="事業所情報の仮登録完了">
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'error' && <LoadError text={state.message} retry={reload} />}
      {state.kind === 'ready' && (
        <>
          <Notice tone="success" title="事業所情報の申込み（仮登録）が完了しました">
            <p>「事業所情報仮登録完了通知」メールをお送りしました。</p>
            <p>
              続けて求人情報を入力(仮登録)してください。{state.est.office_name || '管轄のハローワーク'}
              で、事業所情報と求人情報をあわせて確認します。初めての申込みのため、ハローワーク職員が電話や事業所訪問により内容を確認させていただく場合があります。確認が完了し受理されると、求人者マイページが開設されます。
            </p>
          </Notice>
          <ul className="text-std-16N-175 space-y-4">
            <li>
              <Link
                to="/postings/new"
                className="text-std-16B-175 inline-flex min-h-12 items-center justify-center rounded-8 bg-blue-900 px-4 py-2 text-white no-underline hover:bg-blue-1000 hover:underline"
              >
                続けて求人情報を入力(仮登録)する
              </Link>
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
