import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { api, call, type Account, type Schemas } from '../api/client';
import { AdditionalAccounts } from './Accounts';
import { LoginAccountSection } from './LoginAccount';
import { Button } from '../components/Button';
import { Notice } from '../components/Form';
import { Page } from '../components/Page';
import { ApiError } from '../lib/apiError';
import { formatDateTime } from '../lib/dates';
import { signInResult } from '../lib/labels';
import { useSessionGuard } from '../lib/session';

type Device = Schemas['hellowork.identity.v1.TrustedDevice'];
type Event = Schemas['hellowork.identity.v1.AuditEvent'];

type Loaded<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: T[] };

// SettingsPage is 事業所情報・設定 → 各種設定: the login account with its edit (ACC-1) and
// マイページ退会 (ACC-3) for the primary account, the additional accounts (ACC-2), the
// browsers that skip the one-time password, each revocable (LOGIN-3), and the recent
// sign-ins.
export function SettingsPage() {
  const guard = useSessionGuard();
  const [devices, setDevices] = useState<Loaded<Device>>({ kind: 'loading' });
  const [events, setEvents] = useState<Loaded<Event>>({ kind: 'loading' });
  const [confirming, setConfirming] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const location = useLocation();
  const [accounts, setAccounts] = useState<Account[]>();
  const [me, setMe] = useState<Account>();
  const routedNotice = (location.state as { notice?: string } | null)?.notice;

  const fail = useCallback(
    (e: unknown) => (guard(e) ? undefined : e instanceof ApiError ? e.localized : 'システムエラーが発生しました。'),
    [guard],
  );

  const loadDevices = useCallback(async () => {
    try {
      const res = await call(api.GET('/v1/identity/trustedDevices'));
      setDevices({ kind: 'ready', items: res.devices ?? [] });
    } catch (e) {
      const message = fail(e);
      if (message) setDevices({ kind: 'error', message });
    }
  }, [fail]);

  const loadAccounts = useCallback(async () => {
    try {
      const me = await call(api.GET('/v1/identity/account'));
      setMe(me);
      // ACC-2: only the primary account manages the additional ones.
      if (me.role !== 'ACCOUNT_ROLE_PRIMARY') return;
      const res = await call(api.GET('/v1/identity/accounts'));
      setAccounts(res.accounts ?? []);
    } catch (e) {
      fail(e);
    }
  }, [fail]);

  useEffect(() => {
    void loadDevices();
    void loadAccounts();
    (async () => {
      try {
        const res = await call(api.GET('/v1/identity/account/recentSignIns', { params: { query: { page_size: 20 } } }));
        setEvents({ kind: 'ready', items: res.events ?? [] });
      } catch (e) {
        const message = fail(e);
        if (message) setEvents({ kind: 'error', message });
      }
    })();
  }, [loadDevices, loadAccounts, fail]);

  const revoke = async (id: string) => {
    setBusy(true);
    try {
      await call(api.POST('/v1/identity/trustedDevices/{device_id}:revoke', { params: { path: { device_id: id } }, body: {} }));
      setConfirming(undefined);
      setDone('ワンタイムパスワード入力の省略を解除しました。この端末・ブラウザでは、次回のログインからワンタイムパスワードの入力が必要です。');
      await loadDevices();
    } catch (e) {
      const message = fail(e);
      if (message) setDevices({ kind: 'error', message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="各種設定">
      {(done ?? routedNotice) && (
        <Notice tone="success">
          <p role="status">{done ?? routedNotice}</p>
        </Notice>
      )}
      {me && <LoginAccountSection me={me} />}
      {accounts && (
        <AdditionalAccounts
          accounts={accounts}
          onChanged={(notice) => {
            setDone(notice);
            void loadAccounts();
          }}
        />
      )}
      <section aria-labelledby="devices" className="mb-10">
        <h2 id="devices" className="text-std-20B-150 mb-2">
          ワンタイムパスワード入力を省略している端末・ブラウザ
        </h2>
        <p className="text-std-16N-175 mb-4">
          省略の設定は90日間有効です。パスワードの再登録やログインアカウントの変更を行うと、すべての端末・ブラウザで解除されます。
        </p>
        {devices.kind === 'loading' && (
          <p role="status" className="text-std-16N-175">
            読み込み中です…
          </p>
        )}
        {devices.kind === 'error' && <Notice tone="warning">{devices.message}</Notice>}
        {devices.kind === 'ready' && devices.items.length === 0 && (
          <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">省略を設定している端末・ブラウザはありません。</p>
        )}
        {devices.kind === 'ready' && devices.items.length > 0 && (
          <ul className="space-y-4">
            {devices.items.map((d) => (
              <li key={d.device_id} className="rounded-8 border border-solid-gray-420 p-4">
                <dl className="text-std-16N-175 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                  <dt className="font-bold">ブラウザ</dt>
                  <dd className="break-all">{d.user_agent || '不明'}</dd>
                  <dt className="font-bold">設定日時</dt>
                  <dd>{d.create_time ? formatDateTime(d.create_time) : ''}</dd>
                  <dt className="font-bold">有効期限</dt>
                  <dd>{d.expire_time ? formatDateTime(d.expire_time) : ''}</dd>
                  <dt className="font-bold">最終利用</dt>
                  <dd>{d.last_use_time ? formatDateTime(d.last_use_time) : '未使用'}</dd>
                </dl>
                {confirming === d.device_id ? (
                  <div role="group" aria-label="解除の確認" className="mt-4 rounded-8 bg-yellow-50 p-4">
                    <p className="text-std-16N-175 mb-3">この端末・ブラウザのワンタイムパスワード入力の省略を解除しますか。</p>
                    <div className="flex flex-col gap-3 sm:flex-row">
                      <Button onClick={() => d.device_id && revoke(d.device_id)} disabled={busy}>
                        解除する
                      </Button>
                      <Button variant="secondary" onClick={() => setConfirming(undefined)} disabled={busy}>
                        キャンセル
                      </Button>
                    </div>
                  </div>
                ) : (
                  <Button variant="secondary" className="mt-4" onClick={() => setConfirming(d.device_id)}>
                    解除
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="history">
        <h2 id="history" className="text-std-20B-150 mb-2">
          ログイン履歴
        </h2>
        {events.kind === 'loading' && (
          <p role="status" className="text-std-16N-175">
            読み込み中です…
          </p>
        )}
        {events.kind === 'error' && <Notice tone="warning">{events.message}</Notice>}
        {events.kind === 'ready' && events.items.length === 0 && (
          <p className="text-std-16N-175 rounded-8 bg-solid-gray-50 p-4">ログインの記録はありません。</p>
        )}
        {events.kind === 'ready' && events.items.length > 0 && (
          <ul className="space-y-3">
            {events.items.map((e, i) => (
              <li key={`${e.occur_time}-${i}`} className="text-std-16N-175 rounded-8 border border-solid-gray-420 p-3">
                <p>
                  <span className="font-bold">{e.occur_time ? formatDateTime(e.occur_time) : ''}</span>
                  <span className="ml-3">{signInResult(e.outcome)}</span>
                </p>
                <p className="break-all text-solid-gray-700">
                  {e.ip}
                  {e.user_agent ? ` ／ ${e.user_agent}` : ''}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
