import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { Button, ButtonRow } from '../components/Button';
import { applyServerError, Checkbox, ErrorSummary, Notice, summaryItems, TextField } from '../components/Form';
import { Page } from '../components/Page';
import { clearFlow, getFlow, setFlow } from '../lib/flow';
import { registrationStartForm, type RegistrationStartForm } from '../lib/validation';
import { DonePage } from './Done';
import { PasswordWithKey } from './PasswordWithKey';

const order = ['email', 'email_confirmation', 'agreed_to_privacy_policy', 'agreed_to_terms'] as const;

export function Steps({ current, steps }: { current: number; steps: string[] }) {
  return (
    <ol className="text-std-16N-175 mb-6 grid gap-1 rounded-8 bg-solid-gray-50 p-4 sm:grid-cols-2" aria-label="手続きの流れ">
      {steps.map((s, i) => (
        <li key={s} aria-current={i + 1 === current ? 'step' : undefined} className={i + 1 === current ? 'font-bold text-blue-1000' : ''}>
          ステップ{i + 1} {s}
          {i + 1 === current && <span className="sr-only">(現在の手順)</span>}
        </li>
      ))}
    </ol>
  );
}

const open1Steps = ['アカウント登録', 'パスワード登録', '事業所情報の仮登録', '求人情報の仮登録'];

// RegistrationStartPage is 求人者マイページアカウント登録, the first screen of OPEN-1
// (事業所登録・求人申込み(仮登録)): the e-mail twice and both consents.
export function RegistrationStartPage() {
  const navigate = useNavigate();
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<RegistrationStartForm>({
    resolver: zodResolver(registrationStartForm),
    defaultValues: { email: '', email_confirmation: '', agreed_to_privacy_policy: false, agreed_to_terms: false },
    shouldFocusError: false,
  });
  const onSubmit = async (v: RegistrationStartForm) => {
    setTop(undefined);
    try {
      const res = await call(api.POST('/v1/identity/registrations:start', { body: v }));
      setFlow('registration', { email: v.email, expireTime: res.auth_key_expire_time });
      navigate('/registration/password');
    } catch (e) {
      setTop(applyServerError(e, setError, order));
      setFocusKey((k) => k + 1);
    }
  };
  return (
    <Page
      title="事業所登録・求人申込み(仮登録)"
      lead={
        <p>
          求人者マイページのアカウントを登録します。メールアドレス(半角英数字記号100文字以内)を入力し、プライバシーポリシーとマイページ利用規約をご確認のうえ、「次へ進む」ボタンをクリックしてください。入力したメールアドレス宛に「アカウント仮登録完了通知」メールが届きます。
        </p>
      }
    >
      <Steps current={1} steps={open1Steps} />
      <Notice>
        <p>ハローワークに求人を申し込んだことのある事業所は、ハローワークの窓口で手続きを行ってください。過去に申し込んだ求人情報を活用できます。</p>
        <p>メール受信制限をされている方は、system@mail.hellowork.mhlw.go.jpからのメール受信を許可してください。</p>
      </Notice>
      <ErrorSummary message={top} items={summaryItems(errors, order)} focusKey={focusKey} />
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
        <fieldset className="mb-6">
          <legend className="text-std-17B-170 mb-2">プライバシーポリシー・マイページ利用規約への同意</legend>
          <p className="text-std-16N-175 mb-3">
            <Link to="/privacy" target="_blank" rel="noopener">
              プライバシーポリシー(新しいタブで開きます)
            </Link>
            、
            <Link to="/terms" target="_blank" rel="noopener">
              マイページ利用規約(新しいタブで開きます)
            </Link>
          </p>
          <Checkbox
            id="agreed_to_privacy_policy"
            label="「プライバシーポリシー」に同意します。"
            registration={register('agreed_to_privacy_policy')}
            error={errors.agreed_to_privacy_policy?.message}
          />
          <Checkbox
            id="agreed_to_terms"
            label="「マイページ利用規約」に同意します。"
            registration={register('agreed_to_terms')}
            error={errors.agreed_to_terms?.message}
          />
        </fieldset>
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

// RegistrationPasswordPage is パスワード登録 of OPEN-1: password and the key of
// 「アカウント仮登録完了通知」.
export function RegistrationPasswordPage() {
  const navigate = useNavigate();
  const flow = getFlow('registration');
  return (
    <Page title="パスワード登録">
      <Steps current={2} steps={open1Steps} />
      <PasswordWithKey
        email={flow?.email ?? ''}
        expireTime={flow?.expireTime}
        mailName="アカウント仮登録完了通知"
        passwordLabel="パスワード"
        intro={
          <p className="text-std-16N-175 mb-6">
            求人者マイページにログインする際に必要なパスワードを設定します。「パスワード」と「アカウント仮登録完了通知」メールに記載された「認証キー」を入力し、「完了」ボタンをクリックしてください。
          </p>
        }
        onSubmit={async (v) => {
          await call(api.POST('/v1/identity/registrations:complete', { body: v }));
          clearFlow('registration');
          navigate('/registration/done', { replace: true });
        }}
      />
    </Page>
  );
}

export function RegistrationDonePage() {
  return (
    <DonePage title="パスワード登録完了">
      <p>アカウントの仮登録が完了しました。</p>
      <p>
        続けてログインし、事業所情報・求人情報の仮登録を行ってください。事業所情報・求人情報の仮登録を行わずにハローワークへ来所された場合、登録したアカウントでマイページ開設ができない場合があります。
      </p>
    </DonePage>
  );
}
