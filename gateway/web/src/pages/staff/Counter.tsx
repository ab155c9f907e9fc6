import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { Button, ButtonRow } from '../../components/Button';
import { applyServerError, Checkbox, ErrorSummary, Notice, summaryItems, TextField } from '../../components/Form';
import { Page } from '../../components/Page';
import { formatDateTime, formatWareki } from '../../lib/dates';
import {
  counterFieldMap,
  counterFields,
  counterForm,
  counterRequest,
  type CounterForm,
  type CounterFormInput,
} from '../../lib/staffValidation';
import { Facts, SectionTitle, useStaffGuard, errorText } from './common';
import { EstablishmentFinder } from './EstablishmentFinder';

type Establishment = Schemas['hellowork.employer_registration.v1.Establishment'];
type IssuedCode = Schemas['hellowork.employer_registration.v1.IssueAccountCreationCodeResponse'];

const blank: CounterFormInput = {
  sole_proprietor: false,
  corporate_number: '',
  company_name: '',
  company_name_kana: '',
  head_office_postal_code: '',
  head_office_address: '',
  established_year: '',
  capital_yen: '',
  employees_company: '',
  representative_title: '',
  representative_name: '',
  name: '',
  name_kana: '',
  postal_code: '',
  municipality_code: '',
  address: '',
  phone_number: '',
  fax_number: '',
  industry_code: '',
  employees_at_workplace: '',
  employees_female: '',
  employees_part_time: '',
  business_description: '',
  nearest_station: '',
  pr_text: '',
  login_email: '',
  establishment_number: '',
};

function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="mb-8 rounded-8 border border-solid-gray-420 p-4">
      <legend className="text-std-20B-150 px-2">{legend}</legend>
      {children}
    </fieldset>
  );
}

// CounterRegistrationPage is 窓口での事業所登録 (OPEN-2): staff enter sections 1-5 of an
// establishment from the paper form at the counter; the establishment is registered
// (本登録) with its 事業所番号 at once. With a login e-mail, that address gets the
// 「ログインアカウント登録通知」 to register its password (OPEN-2); without one, an
// account creation code opens the MyPage later (OPEN-3).
export function CounterRegistrationPage() {
  const guard = useStaffGuard();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [registered, setRegistered] = useState<{ est: Establishment; email: string }>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CounterFormInput, unknown, CounterForm>({ resolver: zodResolver(counterForm), defaultValues: blank, shouldFocusError: false });

  const onSubmit = async (v: CounterForm) => {
    setTop(undefined);
    try {
      const est = await call(api.POST('/v1/staff/establishments', { body: counterRequest(v) }));
      setRegistered({ est, email: v.login_email });
    } catch (e) {
      if (guard(e)) return;
      setTop(applyServerError(e, setError, counterFields, counterFieldMap));
      setFocusKey((k) => k + 1);
    }
  };

  if (registered) return <Registered est={registered.est} email={registered.email} onAnother={() => setRegistered(undefined)} />;

  const tf = (name: (typeof counterFields)[number], label: string, opts: { required?: boolean; hint?: string; width?: string; inputMode?: 'numeric' | 'email' | 'tel' | 'url' } = {}) => (
    <TextField
      id={name}
      label={label}
      required={opts.required ?? false}
      hint={opts.hint}
      width={opts.width ?? 'w-full'}
      inputMode={opts.inputMode}
      registration={register(name)}
      error={errors[name]?.message}
    />
  );

  return (
    <Page title="窓口での事業所登録" lead={<p>窓口で受け付けた事業所の情報を入力し、登録します。登録すると事業所番号を付番します(本登録)。</p>}>
      <ErrorSummary message={top} items={summaryItems(errors, counterFields)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <Fieldset legend="1 企業基本情報">
          <Checkbox id="sole_proprietor" label="個人事業主等(法人番号なし)" registration={register('sole_proprietor')} error={errors.sole_proprietor?.message} />
          {tf('corporate_number', '法人番号', { hint: '半角数字13桁。個人事業主等の場合は入力しません。', width: 'w-72', inputMode: 'numeric' })}
          {tf('company_name', '法人名', { required: true })}
          {tf('company_name_kana', '法人名(カナ)')}
          {tf('head_office_postal_code', '本社郵便番号', { required: true, hint: '例：100-0001', width: 'w-48', inputMode: 'numeric' })}
          {tf('head_office_address', '本社所在地', { required: true })}
          {tf('established_year', '設立年(西暦)', { width: 'w-32', inputMode: 'numeric' })}
          {tf('capital_yen', '資本金(円)', { width: 'w-72', inputMode: 'numeric' })}
          {tf('employees_company', '従業員数(企業全体)', { width: 'w-32', inputMode: 'numeric' })}
          {tf('representative_title', '代表者の役職')}
          {tf('representative_name', '代表者名', { required: true })}
        </Fieldset>
        <Fieldset legend="2 事業所基本情報">
          {tf('name', '事業所名', { required: true })}
          {tf('name_kana', '事業所名(カナ)', { required: true })}
          {tf('postal_code', '郵便番号', { required: true, hint: '例：100-0001', width: 'w-48', inputMode: 'numeric' })}
          {tf('municipality_code', '市区町村コード', {
            required: true,
            hint: '全国地方公共団体コード(半角数字5桁、例：千代田区 13101)。管轄の安定所が決まります。',
            width: 'w-48',
            inputMode: 'numeric',
          })}
          {tf('address', '所在地', { required: true })}
          {tf('phone_number', '電話番号', { required: true, hint: '例：03-1234-5678', width: 'w-72', inputMode: 'tel' })}
          {tf('fax_number', 'FAX番号', { width: 'w-72', inputMode: 'tel' })}
          {tf('industry_code', '産業分類', { hint: '半角数字2桁(01〜99)', width: 'w-32', inputMode: 'numeric' })}
        </Fieldset>
        <Fieldset legend="3 事業所詳細情報">
          {tf('employees_at_workplace', '従業員数(就業場所)', { width: 'w-32', inputMode: 'numeric' })}
          {tf('employees_female', 'うち女性', { width: 'w-32', inputMode: 'numeric' })}
          {tf('employees_part_time', 'うちパート', { width: 'w-32', inputMode: 'numeric' })}
          {tf('business_description', '事業内容', { required: true, hint: '300文字以内' })}
        </Fieldset>
        <Fieldset legend="4 就業場所情報(事業所所在地と同じ)">
          {tf('nearest_station', '最寄り駅')}
        </Fieldset>
        <Fieldset legend="5 事業所PR情報">{tf('pr_text', '事業所PR', { hint: '1000文字以内' })}</Fieldset>
        <Fieldset legend="事業所番号">
          {tf('establishment_number', '既存の事業所番号(雇用保険適用事業所番号)', {
            hint: '雇用保険の適用事業所番号がある場合に入力します(半角数字4桁-6桁-1桁)。空欄の場合は新たに付番します。',
            width: 'w-72',
            inputMode: 'numeric',
          })}
        </Fieldset>
        <Fieldset legend="求人者マイページのログインアカウント">
          {tf('login_email', 'ログインアカウント(メールアドレス)', {
            hint: '入力すると、このアドレスに「ログインアカウント登録通知」を送信し、求人者がパスワードを登録してマイページを開設します。空欄の場合は、アカウント作成コードを発行して開設します。',
            inputMode: 'email',
          })}
        </Fieldset>
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            登録
          </Button>
        </ButtonRow>
      </form>
    </Page>
  );
}

function Registered({ est, email, onAnother }: { est: Establishment; email: string; onAnother: () => void }) {
  return (
    <Page title="窓口での事業所登録の完了">
      <Notice tone="success" title="事業所を登録しました">
        <p role="status">
          「{est.profile?.basic?.name}」を登録しました。事業所番号は <strong id="registered-number">{est.establishment_number}</strong> です。
        </p>
        {email ? (
          <p>{email} 宛に「ログインアカウント登録通知」を送信しました。求人者はメールの案内に従ってパスワードを登録し、マイページを開設します。</p>
        ) : (
          <p>ログインアカウントは登録していません。求人者マイページを開設するには、アカウント作成コードを発行してください。</p>
        )}
      </Notice>
      <Facts
        rows={[
          ['事業所名', est.profile?.basic?.name],
          ['事業所番号', est.establishment_number],
          ['管轄安定所', est.office_name],
          ['登録日時', est.registered_at ? formatDateTime(est.registered_at) : ''],
        ]}
      />
      <IssueCode est={est} />
      <p className="text-std-16N-175 mt-8">
        <Button variant="text" onClick={onAnother}>
          続けて別の事業所を登録する
        </Button>
      </p>
    </Page>
  );
}

// IssueCode issues an account creation code (OPEN-3) for est after a confirmation
// (a new code voids the previous one). The code is shown once, held in this screen's
// memory only, with its last valid day printed as the seed's sample slip prints it
// (令和8年12月15日, JST) and a warning that it cannot be shown again.
export function IssueCode({ est }: { est: Establishment }) {
  const guard = useStaffGuard();
  const [step, setStep] = useState<'idle' | 'confirm'>('idle');
  const [issued, setIssued] = useState<IssuedCode>();
  const [top, setTop] = useState<string>();
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (step === 'confirm' || issued) box.current?.focus();
  }, [step, issued]);
  const issue = async () => {
    setBusy(true);
    setTop(undefined);
    try {
      const r = await call(
        api.POST('/v1/staff/establishments/{establishment_id}:issueAccountCreationCode', {
          params: { path: { establishment_id: est.establishment_id ?? '' } },
          body: {},
        }),
      );
      setIssued(r);
      setStep('idle');
    } catch (e) {
      if (guard(e)) return;
      setTop(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="issue-code" className="mt-8">
      <SectionTitle id="issue-code">アカウント作成コードの発行</SectionTitle>
      {top && (
        <div role="alert" className="text-std-16N-175 mb-4 rounded-8 border-2 border-red-900 bg-red-50 p-4 font-bold text-red-1000">
          {top}
        </div>
      )}
      {issued ? (
        <div ref={box} tabIndex={-1} className="focus:outline-none">
          <Notice tone="warning" title="アカウント作成コードは、この画面でのみ表示します">
            <p>このコードは再表示できません。画面を閉じる前に、下の内容を印刷するか控えて、求人者にお渡しください。</p>
            <p>再発行すると、以前のコードは無効になります。</p>
          </Notice>
          <div id="creation-code-slip" className="text-std-17N-170 rounded-8 border-2 border-solid-gray-900 bg-white p-4">
            <p>求人者マイページ</p>
            <p>
              事業所番号 : <span id="slip-number">{issued.establishment_number}</span>
            </p>
            <p>
              アカウント作成コード : <strong id="creation-code" className="font-mono text-std-20B-150">{issued.code}</strong>
            </p>
            <p>
              有効期限 : <span id="creation-code-expiry">{issued.expires_on ? formatWareki(issued.expires_on) : ''}</span>
            </p>
            <p className="mt-2">※有効期限を過ぎると、ハローワークの窓口で再度発行する必要があります。</p>
          </div>
          <ButtonRow>
            <Button variant="secondary" onClick={() => window.print()}>
              印刷
            </Button>
          </ButtonRow>
        </div>
      ) : step === 'confirm' ? (
        <div ref={box} tabIndex={-1} role="group" aria-labelledby="issue-confirm-title" className="rounded-8 border-2 border-blue-900 bg-blue-50 p-4 focus:outline-none">
          <h3 id="issue-confirm-title" className="text-std-17B-170 mb-2">
            発行の確認
          </h3>
          <p className="text-std-16N-175">
            事業所番号 {est.establishment_number}「{est.profile?.basic?.name}」のアカウント作成コードを発行します。発行済みのコードがある場合、そのコードは無効になります。コードは発行時に一度だけ表示します。
          </p>
          <ButtonRow>
            <Button onClick={issue} disabled={busy}>
              発行する
            </Button>
            <Button variant="secondary" onClick={() => setStep('idle')} disabled={busy}>
              キャンセル
            </Button>
          </ButtonRow>
        </div>
      ) : (
        <>
          <p className="text-std-16N-175">
            求人者が「アカウント作成コードをハローワークで発行済みの求人者」からマイページを開設するためのコードです。有効期限は発行日の翌日から5日間です。
          </p>
          <ButtonRow>
            <Button onClick={() => setStep('confirm')}>アカウント作成コードを発行</Button>
          </ButtonRow>
        </>
      )}
    </section>
  );
}

// CreationCodePage is アカウント作成コード (OPEN-3): staff look up a registered
// establishment of their office by its 事業所番号 and issue its code.
export function StaffCreationCodePage() {
  return (
    <Page
      title="アカウント作成コードの発行"
      lead={
        <p>
          登録済みの事業所を事業所番号で検索し、アカウント作成コードを発行します。未登録の事業所は<Link to="/staff/counter">窓口での事業所登録</Link>から登録してください。
        </p>
      }
    >
      <EstablishmentFinder>{(est) => <IssueCode key={est.establishment_id} est={est} />}</EstablishmentFinder>
    </Page>
  );
}
