import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { Button, ButtonRow } from '../../components/Button';
import { applyServerError, ErrorSummary, Notice, summaryItems, TextField } from '../../components/Form';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../lib/dates';
import { terminalForm, type TerminalForm } from '../../lib/staffValidation';
import { z } from 'zod';
import { Badge, Card, DecisionPanel, Done, Empty, Facts, Loading, SectionTitle, useLoad, useStaffGuard } from './common';

type Terminal = Schemas['hellowork.identity.v1.VisitorTerminal'];

// TerminalsPage is 来所者端末 (LOGIN-4): the office's visitor terminals, and the
// enrolment of this browser as one. The credential lives only in this browser's
// HttpOnly __Host-hw_terminal cookie, so enrolment happens on the terminal itself; a
// terminal skips the employers' one-time password only inside the office's networks,
// until its credential expires (rotate it before).
export function TerminalsPage() {
  const guard = useStaffGuard();
  const [terminals, reload] = useLoad(async () => (await call(api.GET('/v1/identity/staff/visitorTerminals'))).terminals ?? []);
  const [top, setTop] = useState<string>();
  const [focusKey, setFocusKey] = useState(0);
  const [confirming, setConfirming] = useState<string>();
  const [enrolled, setEnrolled] = useState<{ name: string; expires?: string | undefined }>();
  const [done, setDone] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<TerminalForm, unknown, z.output<typeof terminalForm>>({
    resolver: zodResolver(terminalForm),
    defaultValues: { display_name: '' },
    shouldFocusError: false,
  });
  const order = ['display_name'] as const;

  const enrol = async () => {
    if (!confirming) return;
    setTop(undefined);
    try {
      const res = await call(api.POST('/v1/identity/staff/visitorTerminals', { body: { display_name: confirming } }));
      setEnrolled({ name: res.terminal?.display_name ?? confirming, expires: res.credential_expire_time ?? res.terminal?.credential_expire_time });
      setConfirming(undefined);
      reset();
      await reload();
    } catch (e) {
      if (guard(e)) return;
      setConfirming(undefined);
      setTop(applyServerError(e, setError, order));
      setFocusKey((k) => k + 1);
    }
  };

  return (
    <Page title="来所者端末" wide>
      <Notice>
        <p>
          来所者端末では、求人者がワンタイムパスワードを入力せずにログインできます(安定所の庁舎内ネットワークから利用する場合に限ります)。職員のアカウントは、来所者端末でもワンタイムパスワードの入力が必要です。
        </p>
        <p>
          端末の登録は、<strong>来所者端末として使うパソコンのブラウザで</strong>行ってください。登録した端末の証明情報は、このブラウザにのみ保存され、画面には表示されません。登録後はログアウトしてから来所者に利用していただいてください。
        </p>
      </Notice>
      <Done message={done} />
      {enrolled && (
        <Notice tone="success" title="この端末・ブラウザを来所者端末として登録しました">
          <p role="status">
            端末名：{enrolled.name}
            {enrolled.expires && (
              <>
                <br />
                有効期限：<span id="terminal-expiry">{formatDateTime(enrolled.expires)}</span>
              </>
            )}
          </p>
          <p>有効期限までに、この端末で「証明情報を更新」を行ってください。期限を過ぎると、ワンタイムパスワードの入力が必要になります。</p>
          <p>
            <Link to="/login">求人者マイページのログイン画面へ(ログアウトしてから)</Link>
          </p>
        </Notice>
      )}

      <SectionTitle id="enrol">この端末・ブラウザを来所者端末として登録</SectionTitle>
      <ErrorSummary message={top} items={summaryItems(errors, order)} focusKey={focusKey} />
      {!confirming ? (
        <form
          noValidate
          onSubmit={handleSubmit(
            (v) => setConfirming(v.display_name),
            () => setFocusKey((k) => k + 1),
          )}
          aria-busy={isSubmitting}
        >
          <TextField
            id="display_name"
            label="端末の名前"
            hint="職員が見分けられる名前(例：窓口端末 1)。100文字以内。"
            registration={register('display_name')}
            error={errors.display_name?.message}
          />
          <ButtonRow>
            <Button type="submit">確認</Button>
          </ButtonRow>
        </form>
      ) : (
        <ConfirmEnrol name={confirming} onOk={enrol} onCancel={() => setConfirming(undefined)} />
      )}

      <SectionTitle id="list">この安定所の来所者端末</SectionTitle>
      {terminals.kind === 'loading' && <Loading />}
      {terminals.kind === 'error' && <Notice tone="warning">{terminals.message}</Notice>}
      {terminals.kind === 'ready' && terminals.value.length === 0 && <Empty>登録されている来所者端末はありません。</Empty>}
      {terminals.kind === 'ready' && terminals.value.length > 0 && (
        <ul className="space-y-4">
          {terminals.value.map((t) => (
            <TerminalCard key={t.terminal_id} t={t} onDone={(n) => (setDone(n), void reload())} />
          ))}
        </ul>
      )}
    </Page>
  );
}

function ConfirmEnrol({ name, onOk, onCancel }: { name: string; onOk: () => Promise<void>; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Notice title="来所者端末の登録の確認">
      <p>このブラウザを来所者端末「{name}」として登録します。来所者端末として使うパソコンのブラウザで操作していることを確認してください。</p>
      <ButtonRow>
        <Button
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await onOk();
            setBusy(false);
          }}
        >
          登録する
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          戻る
        </Button>
      </ButtonRow>
    </Notice>
  );
}

function TerminalCard({ t, onDone }: { t: Terminal; onDone: (notice: string) => void }) {
  const id = `terminal-${t.terminal_id}`;
  const revoked = Boolean(t.revoke_time);
  const expired = !revoked && t.credential_expire_time && new Date(t.credential_expire_time).getTime() < Date.now();
  return (
    <Card labelledBy={`${id}-name`}>
      <h3 id={`${id}-name`} className="text-std-17B-170 mb-2">
        {t.display_name}
        {revoked && <Badge tone="danger">登録解除済み</Badge>}
        {expired && <Badge tone="warning">期限切れ</Badge>}
      </h3>
      <Facts
        rows={[
          ['登録日時', t.create_time ? formatDateTime(t.create_time) : ''],
          ['証明情報の有効期限', t.credential_expire_time ? formatDateTime(t.credential_expire_time) : ''],
          ['証明情報の更新日時', t.rotate_time ? formatDateTime(t.rotate_time) : ''],
          ['登録解除日時', t.revoke_time ? formatDateTime(t.revoke_time) : ''],
        ]}
      />
      {!revoked && t.terminal_id && (
        <DecisionPanel
          id={id}
          onDone={onDone}
          decisions={[
            {
              key: 'rotate',
              label: '証明情報を更新',
              confirm:
                'この端末の証明情報を新しくします。以前の証明情報はすぐに使えなくなります。この操作は、対象の来所者端末のブラウザで行ってください(新しい証明情報はこのブラウザに保存されます)。',
              run: async () => {
                const res = await call(
                  api.POST('/v1/identity/staff/visitorTerminals/{terminal_id}:rotateCredential', {
                    params: { path: { terminal_id: t.terminal_id ?? '' } },
                    body: {},
                  }),
                );
                const exp = res.credential_expire_time ?? res.terminal?.credential_expire_time;
                return `「${t.display_name}」の証明情報を更新しました。${exp ? `新しい有効期限：${formatDateTime(exp)}` : ''}`;
              },
            },
            {
              key: 'revoke',
              label: '登録を解除',
              confirm: 'この端末を来所者端末から外します。以後、この端末でも求人者はワンタイムパスワードの入力が必要になります。',
              run: async () => {
                await call(
                  api.POST('/v1/identity/staff/visitorTerminals/{terminal_id}:revoke', {
                    params: { path: { terminal_id: t.terminal_id ?? '' } },
                    body: {},
                  }),
                );
                return `「${t.display_name}」の登録を解除しました。`;
              },
            },
          ]}
        />
      )}
    </Card>
  );
}
