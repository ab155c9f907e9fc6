import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { api, call, type Establishment } from '../../api/client';
import { Button, ButtonRow } from '../../components/Button';
import { Select } from '../../components/Fields';
import { ErrorSummary, Notice, summaryItems, TextField } from '../../components/Form';
import { Page } from '../../components/Page';
import { useStaff } from '../../components/StaffSignedIn';
import { staffLoginForm, transferForm, type StaffLoginForm } from '../../lib/staffValidation';
import { ConfirmGroup, Done, errorText, useConfirmStep, useLoad, useStaffGuard } from './common';
import { EstablishmentFinder } from './EstablishmentFinder';

// The office's own business beside the worklists: 求人の窓口入力 (a posting entered by
// staff, JOB-2's other channels), 事業所の移管 (TransferEstablishment) and the disabling
// of a staff account (DisableStaffAccount, issue 9 M4).

// ---- 求人の窓口入力 ----

// CounterPostingPage starts a posting that staff enter for an establishment of their
// office from paper, fax or the counter (CreateCounterPosting); it opens in the same
// eight-section wizard as the employer's (PostingEditPage staff) and, once submitted,
// waits in 求人の受付 with the 7-open-day publication target.
export function CounterPostingPage() {
  return (
    <Page
      title="求人の窓口入力"
      lead={
        <p>
          窓口・郵送・FAXで受け付けた求人を、事業所に代わって入力します。この安定所の事業所を事業所番号で検索してください。公開期限は申込みから7開庁日です。
        </p>
      }
    >
      <EstablishmentFinder>{(est) => <StartCounterPosting key={est.establishment_id} est={est} />}</EstablishmentFinder>
    </Page>
  );
}

function StartCounterPosting({ est }: { est: Establishment }) {
  const guard = useStaffGuard();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const p = await call(api.POST('/v1/staff/postings', { body: { establishment_id: est.establishment_id ?? '' } }));
      navigate(`/staff/postings/${p.posting_id}/edit`);
    } catch (e) {
      if (!guard(e)) setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error && (
        <Notice tone="warning">
          <p role="alert">{error}</p>
        </Notice>
      )}
      <ButtonRow>
        <Button onClick={start} disabled={busy}>
          この事業所の求人を入力する
        </Button>
      </ButtonRow>
    </>
  );
}

// ---- 事業所の移管 ----

// TransferPage moves an establishment of the office to another office
// (TransferEstablishment): the office from the offices list, then a confirmation that
// takes the focus. Afterwards this office no longer sees the establishment, its
// postings or its worklist items; the new office does.
export function TransferPage() {
  const [done, setDone] = useState<string>();
  return (
    <Page
      title="事業所の移管"
      lead={<p>この安定所の事業所を、他の安定所の管轄へ移します。移管後は、この安定所では事業所とその求人を扱えなくなります。</p>}
    >
      <Done message={done} />
      <EstablishmentFinder>
        {(est, refresh) => (
          <Transfer
            key={est.establishment_id}
            est={est}
            onDone={(n) => {
              setDone(n);
              refresh();
            }}
          />
        )}
      </EstablishmentFinder>
    </Page>
  );
}

const officeForm = transferForm.pick({ office_code: true });
type OfficeForm = z.input<typeof officeForm>;

function Transfer({ est, onDone }: { est: Establishment; onDone: (notice: string) => void }) {
  const me = useStaff();
  const [offices] = useLoad(async () => (await call(api.GET('/v1/offices'))).offices ?? []);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<OfficeForm, unknown, z.output<typeof officeForm>>({
    resolver: zodResolver(officeForm),
    defaultValues: { office_code: '' },
    shouldFocusError: false,
  });
  const list = offices.kind === 'ready' ? offices.value : [];
  const officeName = (code?: string) => list.find((o) => o.office_code === code)?.name ?? code ?? '';
  const name = est.profile?.basic?.name ?? '';
  const step = useConfirmStep(setError, ['office_code'], async (target: string) => {
    const r = await call(
      api.POST('/v1/staff/establishments/{establishment_id}:transfer', {
        params: { path: { establishment_id: est.establishment_id ?? '' } },
        body: { office_code: target },
      }),
    );
    onDone(`「${name}」を${r.office_name || officeName(target)}へ移管しました。この安定所では表示されなくなります。`);
  });
  const target = step.pending;
  return (
    <section aria-labelledby="transfer-title" className="mt-8">
      <h3 id="transfer-title" className="text-std-20B-150 mb-3">
        移管の手続き
      </h3>
      {offices.kind === 'error' && <Notice tone="warning">{offices.message}</Notice>}
      <ErrorSummary message={step.top} items={summaryItems(errors, ['office_code'])} focusKey={step.focusKey} />
      <form noValidate onSubmit={handleSubmit((v) => step.ask(v.office_code), step.invalid)}>
        <Select
          id="office_code"
          label="移管先の安定所"
          required
          empty="選択してください"
          registration={register('office_code')}
          options={list
            .filter((o) => o.office_code !== (me?.office_code ?? est.office_code))
            .map((o) => ({ value: o.office_code ?? '', label: `${o.prefecture_name ?? ''} ${o.name ?? ''}(${o.office_code ?? ''})` }))}
          error={errors.office_code?.message}
        />
        {!target && (
          <ButtonRow>
            <Button type="submit" variant="secondary">
              移管する
            </Button>
          </ButtonRow>
        )}
      </form>
      {target && (
        <ConfirmGroup
          id="transfer-confirm"
          title="移管の確認"
          confirmLabel="移管を確定する"
          busy={step.busy}
          onConfirm={step.confirm}
          onCancel={step.cancel}
        >
          「{name}」(事業所番号 {est.establishment_number})の管轄を{est.office_name}から{officeName(target)}へ移します。移管後は、この安定所では事業所とその求人を扱えなくなります。
        </ConfirmGroup>
      )}
    </section>
  );
}

// ---- 職員アカウントの利用停止 ----

// StaffAccountsPage disables a staff account of the office (DisableStaffAccount:
// identity allows any staff member of the same office; another office's or an unknown
// login ID answers as not found). After the confirmation the account can no longer
// sign in, its sessions end and the visitor terminals it enrolled are revoked.
export function StaffAccountsPage() {
  const [done, setDone] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm<StaffLoginForm, unknown, z.output<typeof staffLoginForm>>({
    resolver: zodResolver(staffLoginForm),
    defaultValues: { login_id: '' },
    shouldFocusError: false,
  });
  const step = useConfirmStep(setError, ['login_id'], async (login: string) => {
    const r = await call(api.POST('/v1/identity/staff/staffAccounts:disable', { body: { login_id: login } }));
    const terminals = r.revoked_terminals ? `登録していた来所者端末${r.revoked_terminals}台も無効にしました。` : '';
    setDone(`職員アカウント「${login}」を利用停止にしました。ログイン中のセッションは終了しました。${terminals}`);
    reset();
  });
  const login = step.pending;
  return (
    <Page
      title="職員アカウントの利用停止"
      lead={
        <p>
          異動・退職した職員や、パスワードを他人に知られたおそれのある職員のアカウントを利用停止にします(この安定所の職員のみ)。利用停止にしたアカウントではログインできず、ログイン中の画面も終了します。
        </p>
      }
    >
      <Done message={done} />
      <ErrorSummary message={step.top} items={summaryItems(errors, ['login_id'])} focusKey={step.focusKey} />
      <form
        noValidate
        onSubmit={handleSubmit((v) => {
          setDone(undefined);
          step.ask(v.login_id);
        }, step.invalid)}
      >
        <TextField
          id="login_id"
          label="職員ID(メールアドレス)"
          type="email"
          inputMode="email"
          autoComplete="off"
          hint="利用停止にする職員のログインID"
          registration={register('login_id')}
          error={errors.login_id?.message}
        />
        {!login && (
          <ButtonRow>
            <Button type="submit" variant="secondary">
              利用停止
            </Button>
          </ButtonRow>
        )}
      </form>
      {login && (
        <ConfirmGroup
          id="disable-confirm"
          title="利用停止の確認"
          confirmLabel="利用停止を確定する"
          busy={step.busy}
          onConfirm={step.confirm}
          onCancel={step.cancel}
        >
          職員アカウント「{login}」を利用停止にします。この職員はログインできなくなり、ログイン中の画面も終了します。この職員が登録した来所者端末も無効になります。
        </ConfirmGroup>
      )}
    </Page>
  );
}
