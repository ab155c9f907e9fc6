import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { applyServerError, Checkbox, ErrorSummary, FieldError, Notice, RequiredMark, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { formatWareki } from '../lib/dates';
import { clearFlow, getFlow, setFlow } from '../lib/flow';
import {
  creationCodeForm,
  establishmentNumber,
  passwordRegistrationEmailForm,
  phoneNumber,
  termsForm,
  type CreationCodeForm,
  type PasswordRegistrationEmailForm,
  type TermsForm,
} from '../lib/validation';
import { DonePage } from './Done';
import { PasswordWithKey } from './PasswordWithKey';
import { Steps } from './Registration';

const openSteps = ['マイページ利用規約等への同意', '必要な情報の入力(パスワード登録申込)', 'パスワードの登録', 'マイページの開設'];

// OpenTermsPage is 求人者マイページ利用規約確認, the first screen of OPEN-2 (e-mail
// registered at the counter) and OPEN-3 (account creation code).
export function OpenTermsPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const withCode = params.get('with') === 'code';
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<TermsForm>({
    resolver: zodResolver(termsForm),
    defaultValues: { agreed_to_privacy_policy: false, agreed_to_terms: false },
    shouldFocusError: false,
  });
  const order = ['agreed_to_privacy_policy', 'agreed_to_terms'] as const;
  return (
    <Page
      title="求人者マイページ利用規約確認"
      lead={
        withCode ? (
          <p>
            このページは、ハローワークの窓口で事業所・求人登録とアカウント作成コード発行の手続きを完了している方が、求人者マイページを開設するためのページです。
          </p>
        ) : (
          <p>このページは、ハローワークの窓口でログインアカウントとして使用するメールアドレスを登録した方が、求人者マイページを開設するためのページです。</p>
        )
      }
    >
      <Steps current={1} steps={openSteps} />
      <ErrorSummary items={summaryItems(errors, order)} focusKey={focusKey} />
      <form
        noValidate
        onSubmit={handleSubmit(
          () => {
            setFlow('consent', { at: new Date().toISOString() });
            navigate(withCode ? '/open/code' : '/open/email');
          },
          () => setFocusKey((k) => k + 1),
        )}
      >
        <fieldset>
          <legend className="text-std-20B-150 mb-2">マイページ利用規約等の確認・同意</legend>
          <p className="text-std-16N-175 mb-3">プライバシーポリシーとマイページ利用規約をご確認のうえ、「次へ進む」ボタンをクリックしてください。</p>
          <p className="text-std-16N-175 mb-3">
            <Link to="/privacy" target="_blank" rel="noopener">
              プライバシーポリシー(新しいタブで開きます)
            </Link>
            、
            <Link to="/terms" target="_blank" rel="noopener">
              利用規約(新しいタブで開きます)
            </Link>
          </p>
          <Checkbox
            id="agreed_to_privacy_policy"
            label="「プライバシーポリシー」に同意します。"
            registration={register('agreed_to_privacy_policy')}
            error={errors.agreed_to_privacy_policy?.message}
          />
          <Checkbox id="agreed_to_terms" label="「利用規約」に同意します。" registration={register('agreed_to_terms')} error={errors.agreed_to_terms?.message} />
        </fieldset>
        <ButtonRow>
          <Button type="submit">次へ進む</Button>
        </ButtonRow>
      </form>
    </Page>
  );
}

// Literal class names, so that Tailwind finds them.
const widths: Record<number, string> = { 1: 'w-12', 4: 'w-20', 5: 'w-24', 6: 'w-28' };

function Segments({
  id,
  legend,
  hint,
  parts,
  error,
}: {
  id: string;
  legend: string;
  hint: string;
  parts: { id: string; label: string; size: number; registration: UseFormRegisterReturn }[];
  error?: string | undefined;
}) {
  return (
    <fieldset className="mb-6" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
      <legend className="text-std-17B-170">
        {legend}
        <RequiredMark />
      </legend>
      <p id={`${id}-hint`} className="text-std-16N-175 text-solid-gray-700">
        {hint}
      </p>
      {error && <FieldError id={`${id}-error`} message={error} />}
      <div className="mt-2 flex items-center gap-2">
        {parts.map((p, i) => (
          <span key={p.id} className="flex items-center gap-2">
            {i > 0 && <span aria-hidden="true">-</span>}
            <label htmlFor={p.id} className="sr-only">
              {p.label}
            </label>
            <input
              id={p.id}
              {...p.registration}
              inputMode="numeric"
              maxLength={p.size}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              className={`text-std-16N-175 block min-h-14 rounded-8 border bg-white px-2 py-3 text-center ${widths[p.size] ?? 'w-24'} ${
                error ? 'border-2 border-red-900' : 'border-solid-gray-600'
              }`}
            />
          </span>
        ))}
      </div>
    </fieldset>
  );
}

const codeOrder = ['email', 'email_confirmation', 'establishment_number_1', 'phone_1', 'code'] as const;

// CreationCodePage is 必要な情報の入力(パスワード登録申込) of OPEN-3: e-mail twice, 事業所番号
// as 4-6-1 fields, telephone and the account creation code. Ten mistakes in total
// invalidate the code.
export function CreationCodePage() {
  const navigate = useNavigate();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CreationCodeForm>({
    resolver: zodResolver(creationCodeForm),
    defaultValues: {
      email: '',
      email_confirmation: '',
      establishment_number_1: '',
      establishment_number_2: '',
      establishment_number_3: '',
      phone_1: '',
      phone_2: '',
      phone_3: '',
      code: '',
    },
    shouldFocusError: false,
  });
  if (!getFlow('consent')) return <Navigate to="/open?with=code" replace />;
  const onSubmit = async (v: CreationCodeForm) => {
    setTop(undefined);
    try {
      const res = await call(
        api.POST('/v1/identity/passwordRegistrations:request', {
          body: {
            email: v.email,
            email_confirmation: v.email_confirmation,
            agreed_to_terms: true,
            account_creation_code: { establishment_number: establishmentNumber(v), phone_number: phoneNumber(v), code: v.code },
          },
        }),
      );
      setFlow('passwordRegistration', { email: v.email, expireTime: res.auth_key_expire_time });
      navigate('/open/password');
    } catch (e) {
      setTop(
        applyServerError(e, setError, codeOrder, {
          'account_creation_code.establishment_number': 'establishment_number_1',
          'account_creation_code.phone_number': 'phone_1',
          'account_creation_code.code': 'code',
        }),
      );
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <Page
      title="必要な情報の入力(パスワード登録申込)"
      lead={
        <>
          <p>メールアドレス、事業所番号、電話番号およびハローワークで交付を受けたアカウント作成コードを入力してください。</p>
          <p>ご入力いただいたメールアドレス宛に「パスワード登録申込受付通知」メールをお送りします。</p>
        </>
      }
    >
      <Steps current={2} steps={openSteps} />
      <Notice tone="warning">
        <p>
          事業所番号、電話番号およびアカウント作成コードのいずれかの項目を合計で<strong>10回</strong>
          誤った場合は、アカウント作成コードが無効となりますのでご注意ください。
        </p>
        <p>メール受信制限をされている方はsystem@mail.hellowork.mhlw.go.jpからのメール受信を許可してください。</p>
      </Notice>
      <ErrorSummary message={top} items={summaryItems(errors, codeOrder)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="email"
          label="メールアドレス"
          hint="半角英数字100文字以内"
          type="email"
          autoComplete="email"
          inputMode="email"
          registration={register('email')}
          error={errors.email?.message}
        />
        <TextField
          id="email_confirmation"
          label="メールアドレス(確認用)"
          type="email"
          autoComplete="email"
          inputMode="email"
          registration={register('email_confirmation')}
          error={errors.email_confirmation?.message}
        />
        <Segments
          id="establishment_number"
          legend="事業所番号"
          hint="半角数字4桁-6桁-1桁"
          error={errors.establishment_number_1?.message}
          parts={[
            { id: 'establishment_number_1', label: '事業所番号(最初の4桁)', size: 4, registration: register('establishment_number_1') },
            { id: 'establishment_number_2', label: '事業所番号(中央の6桁)', size: 6, registration: register('establishment_number_2') },
            { id: 'establishment_number_3', label: '事業所番号(最後の1桁)', size: 1, registration: register('establishment_number_3') },
          ]}
        />
        <Segments
          id="phone"
          legend="電話番号"
          hint="半角数字"
          error={errors.phone_1?.message}
          parts={[
            { id: 'phone_1', label: '電話番号(市外局番)', size: 5, registration: register('phone_1') },
            { id: 'phone_2', label: '電話番号(市内局番)', size: 4, registration: register('phone_2') },
            { id: 'phone_3', label: '電話番号(加入者番号)', size: 4, registration: register('phone_3') },
          ]}
        />
        <TextField
          id="code"
          label="アカウント作成コード"
          hint={`半角文字10文字以内(見本: 5z2X#3mwc%、有効期限: ${formatWareki('2026-12-15T00:00:00+09:00')})`}
          autoComplete="off"
          width="w-full sm:w-80"
          registration={register('code')}
          error={errors.code?.message}
        />
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            次へ進む
          </Button>
          <Link to="/login" className="text-std-16N-175">
            キャンセル
          </Link>
        </ButtonRow>
      </form>
    </Page>
  );
}

const emailOrder = ['email', 'email_confirmation'] as const;

// OpenEmailPage is メールアドレスの入力(パスワード登録申込) of OPEN-2.
export function OpenEmailPage() {
  const navigate = useNavigate();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PasswordRegistrationEmailForm>({
    resolver: zodResolver(passwordRegistrationEmailForm),
    defaultValues: { email: '', email_confirmation: '' },
    shouldFocusError: false,
  });
  if (!getFlow('consent')) return <Navigate to="/open?with=email" replace />;
  const onSubmit = async (v: PasswordRegistrationEmailForm) => {
    setTop(undefined);
    try {
      const res = await call(api.POST('/v1/identity/passwordRegistrations:request', { body: { ...v, agreed_to_terms: true } }));
      setFlow('passwordRegistration', { email: v.email, expireTime: res.auth_key_expire_time });
      navigate('/open/password');
    } catch (e) {
      setTop(applyServerError(e, setError, emailOrder));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <Page
      title="メールアドレスの入力(パスワード登録申込)"
      lead={
        <p>
          ハローワークの窓口で登録したメールアドレスを入力してください。ご入力いただいたメールアドレス宛に「パスワード登録申込受付通知」メールをお送りします。
        </p>
      }
    >
      <Steps current={2} steps={openSteps} />
      <ErrorSummary message={top} items={summaryItems(errors, emailOrder)} focusKey={focusKey} />
      <form noValidate onSubmit={handleSubmit(onSubmit, () => setFocusKey((k) => k + 1))} aria-busy={isSubmitting}>
        <TextField
          id="email"
          label="メールアドレス"
          hint="半角英数字記号100文字以内"
          type="email"
          autoComplete="email"
          inputMode="email"
          registration={register('email')}
          error={errors.email?.message}
        />
        <TextField
          id="email_confirmation"
          label="メールアドレス(確認用)"
          type="email"
          autoComplete="email"
          inputMode="email"
          registration={register('email_confirmation')}
          error={errors.email_confirmation?.message}
        />
        <ButtonRow>
          <Button type="submit" disabled={isSubmitting}>
            次へ進む
          </Button>
          <Link to="/login" className="text-std-16N-175">
            キャンセル
          </Link>
        </ButtonRow>
      </form>
    </Page>
  );
}

// OpenPasswordPage is パスワード登録 of OPEN-2 and OPEN-3.
export function OpenPasswordPage() {
  const navigate = useNavigate();
  const flow = getFlow('passwordRegistration');
  return (
    <Page title="パスワード登録">
      <Steps current={3} steps={openSteps} />
      <PasswordWithKey
        email={flow?.email ?? ''}
        expireTime={flow?.expireTime}
        mailName="パスワード登録申込受付通知"
        passwordLabel="登録するパスワード"
        intro={
          <p className="text-std-16N-175 mb-6">
            求人者マイページにログインする際に必要なパスワードを設定します。パスワードと「認証キー」(「パスワード登録申込受付通知」メールに記載された「認証キー」)を入力し、「完了」ボタンをクリックしてください。
          </p>
        }
        onSubmit={async (v) => {
          await call(api.POST('/v1/identity/passwordRegistrations:complete', { body: v }));
          clearFlow('passwordRegistration');
          clearFlow('consent');
          navigate('/open/done', { replace: true });
        }}
      />
    </Page>
  );
}

export function OpenDonePage() {
  return (
    <DonePage title="パスワード登録完了">
      <p>パスワードの登録が完了し、求人者マイページが開設されました。求人者マイページの各種メニューがご利用いただけます。</p>
    </DonePage>
  );
}
