// Browser tests of the MyPage: Playwright (playwright-core) driving Debian's chromium
// against the real gateway and services, started by gateway/e2e/web_test.go, which
// also serves the inbox the employer reads keys and one-time passwords from. Each
// screen is checked with axe-core (no serious or critical violation) and, with
// SCREENS_DIR set, photographed on a desktop and on a 375 px phone (make screens).
//
// Environment: BASE_URL, INBOX_URL, CHROMIUM, OPEN3_{EMAIL,NUMBER,PHONE,CODE,NAME},
// SCREENS_DIR (optional).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  env,
  BASE,
  PASSWORD,
  NEW_PASSWORD,
  subjects,
  openBrowser,
  readMail,
  authKeyRe,
  check,
  field,
  heading,
  focusedIs,
  signInPassword,
  signInWithOtp,
  passwordWithKey,
  uniqueEmail,
} from './lib.mjs';
const open1 = { email: uniqueEmail('web-open1') };

test('the site root opens the login screen; errors are summarised, linked to their fields and focused', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    const res = await page.goto(`${BASE}/`);
    assert.equal(res?.headers()['cache-control'], 'no-store');
    assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    await page.waitForURL('**/login');
    await heading(page, '求人者マイページにログイン');
    await check(page, 'login');

    // Client-side rules: the summary takes the focus and its links lead to the fields.
    await page.getByRole('button', { name: 'ログイン' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    await focusedIs(page, '[role=alert]', 'the error summary has the focus');
    assert.match(await summary.innerText(), /メールアドレスを入力してください。/);
    await summary.getByRole('link', { name: 'メールアドレスを入力してください。' }).click();
    await focusedIs(page, '#email', 'the summary link moves the focus to its field');
    assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
    assert.match((await page.locator('#email').getAttribute('aria-describedby')) ?? '', /email-error/);
    await check(page, 'login-errors');

    // The server's LocalizedMessage at the top: wrong ID or password, with the lock rule (LOGIN-1).
    await signInPassword(page, uniqueEmail('nobody'), 'Wrong#pass1');
    await page.getByText('メールアドレスまたはパスワードが正しくありません。続けて5回間違えると、約30分間ログインできなくなります。').waitFor();

    // ACC-4 starts from the login screen (a withdrawn account is restored in its own test
    // once withdrawal can pass its check, ACC-3).
    await page.getByRole('link', { name: 'アカウントを再登録' }).click();
    await heading(page, 'アカウントを再登録');
    await check(page, 'restore-request');

    // A deep link survives a reload; an unknown screen says so.
    await page.goto(`${BASE}/password-reset`);
    await page.reload();
    await heading(page, '求人者マイページパスワード再登録');
    await page.goto(`${BASE}/no/such/screen`);
    await heading(page, 'ページが見つかりません');
    assert.deepEqual(b.errors.filter((e) => !/status of 4\d\d/.test(e)), []);
  } finally {
    await b.context.close();
  }
});

test('OPEN-1: 仮登録 with both consents → パスワード登録 with the key → first sign-in with the OTP and its skip (LOGIN-3)', async () => {
  const b = await openBrowser();
  const { page, context } = b;
  try {
    await page.goto(`${BASE}/login`);
    await page.getByRole('link', { name: '事業所登録・求人申込み(仮登録)' }).click();
    await heading(page, '事業所登録・求人申込み(仮登録)');
    await check(page, 'open1-start');

    await field(page, 'メールアドレス').fill(open1.email);
    await field(page, 'メールアドレス(確認用)').fill(open1.email.toUpperCase());
    await page.getByLabel('「プライバシーポリシー」に同意します。').check();
    await page.getByRole('button', { name: '次へ進む' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    assert.match(await summary.innerText(), /メールアドレス\(確認用\)が一致しません。/);
    assert.match(await summary.innerText(), /「マイページ利用規約」に同意してください。/);
    // Nothing typed is lost on a validation error.
    assert.equal(await field(page, 'メールアドレス').inputValue(), open1.email);
    await check(page, 'open1-start-errors');

    await field(page, 'メールアドレス(確認用)').fill(open1.email);
    await page.getByLabel('「マイページ利用規約」に同意します。').check();
    await page.getByRole('button', { name: '次へ進む' }).click();
    await heading(page, 'パスワード登録');
    await focusedIs(page, 'h1', 'the new screen heading has the focus');
    assert.match(await page.locator('main').innerText(), /50分間有効/);
    // The screen survives a reload (its state is in this tab's session storage).
    await page.reload();
    await heading(page, 'パスワード登録');
    assert.equal(await field(page, 'メールアドレス').inputValue(), open1.email);
    await check(page, 'open1-password');

    const key = await readMail(context, open1.email, subjects.provisional, authKeyRe);
    await passwordWithKey(page, key, PASSWORD, 'パスワード');
    await heading(page, 'パスワード登録完了');
    await check(page, 'open1-done');

    await page.getByRole('link', { name: 'ログイン画面へ進む' }).click();
    await heading(page, '求人者マイページにログイン');
    await signInWithOtp(b, open1.email, PASSWORD, { skip: true, snap: 'signin' });
    await heading(page, '求人者マイページホーム');
    await page.getByText('アカウントは仮登録の状態です。').waitFor();
    assert.match(await page.locator('main').innerText(), new RegExp(open1.email.replace(/[.+]/g, '\\$&')));
    await check(page, 'home-provisional');

    // Sign out, sign in again on this browser: the one-time password is skipped (LOGIN-3).
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await heading(page, '求人者マイページにログイン');
    await page.getByText('ログアウトしました。').waitFor();
    // This time with the keyboard only: Tab to the login ID, type, Tab, type, Enter.
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.id === 'email')); i++) {
      await page.keyboard.press('Tab');
    }
    await focusedIs(page, '#email', 'the login ID is reachable with Tab');
    await page.keyboard.type(open1.email);
    await page.keyboard.press('Tab');
    await focusedIs(page, '#password', 'the password follows the login ID');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await heading(page, '求人者マイページホーム');

    // 各種設定: this browser is listed as skipping the OTP; revoking it (with its
    // confirmation) brings the OTP back on the next sign-in (LOGIN-3).
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '各種設定' }).click();
    await heading(page, '各種設定');
    await page.getByRole('button', { name: '解除', exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: '解除', exact: true }).count(), 1);
    await page.getByText('成功').first().waitFor();
    await check(page, 'settings');
    await page.getByRole('button', { name: '解除', exact: true }).click();
    await page.getByRole('button', { name: '解除する' }).click();
    await page.getByText('省略を設定している端末・ブラウザはありません。').waitFor();
    await page.getByRole('status').getByText('ワンタイムパスワード入力の省略を解除しました。', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await heading(page, '求人者マイページにログイン');
    await signInWithOtp(b, open1.email, PASSWORD);
    await heading(page, '求人者マイページホーム');
    assert.deepEqual(b.errors.filter((e) => !/status of 4\d\d/.test(e)), []);
  } finally {
    await context.close();
  }
});

test('RESET-1: パスワードをお忘れの方 → パスワード再登録; the OTP skip is revoked', async () => {
  const b = await openBrowser();
  const { page, context } = b;
  try {
    await page.goto(`${BASE}/login`);
    await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click();
    await heading(page, '求人者マイページパスワード再登録');
    await check(page, 'reset-request');
    await field(page, 'ログインID(メールアドレス)').fill(open1.email);
    await page.getByRole('button', { name: '次へ進む' }).click();
    await heading(page, 'パスワード再登録');
    await check(page, 'reset-password');

    const key = await readMail(context, open1.email, subjects.reset, authKeyRe);
    // A wrong key first: the server's answer is shown at the top, the typing is kept.
    await passwordWithKey(page, key.split('').reverse().join('') + 'x', NEW_PASSWORD, '再登録するパスワード');
    await page.getByRole('alert').getByText(/認証キーが正しくないか、有効期限が切れています。/).waitFor();
    assert.equal(await field(page, '再登録するパスワード(確認用)').inputValue(), NEW_PASSWORD);
    await field(page, '認証キー').fill(key);
    await page.getByRole('button', { name: '完了' }).click();
    await heading(page, 'パスワード再登録完了');
    await check(page, 'reset-done');

    await page.getByRole('link', { name: 'ログイン画面へ進む' }).click();
    await signInWithOtp(b, open1.email, NEW_PASSWORD);
    await heading(page, '求人者マイページホーム');
  } finally {
    await context.close();
  }
});

test('OPEN-3: アカウント作成コード with 4-6-1 fields → パスワード登録 → home with the establishment; an expired session returns after sign-in', async () => {
  const email = env('OPEN3_EMAIL');
  const [n1, n2, n3] = env('OPEN3_NUMBER').split('-');
  const [p1, p2, p3] = env('OPEN3_PHONE').split('-');
  const b = await openBrowser();
  const { page, context } = b;
  try {
    await page.goto(`${BASE}/login`);
    await page.getByRole('link', { name: 'アカウント作成コードをハローワークで発行済みの求人者' }).click();
    await heading(page, '求人者マイページ利用規約確認');
    await check(page, 'open3-terms');
    await page.getByRole('button', { name: '次へ進む' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('「プライバシーポリシー」に同意します。').check();
    await page.getByLabel('「利用規約」に同意します。').check();
    await page.getByRole('button', { name: '次へ進む' }).click();
    await heading(page, '必要な情報の入力(パスワード登録申込)');

    await field(page, 'メールアドレス').fill(email);
    await field(page, 'メールアドレス(確認用)').fill(email);
    await page.getByLabel('事業所番号(最初の4桁)').fill(n1);
    await page.getByLabel('事業所番号(中央の6桁)').fill(n2);
    await page.getByLabel('事業所番号(最後の1桁)').fill(n3);
    await page.getByLabel('電話番号(市外局番)').fill(p1);
    await page.getByLabel('電話番号(市内局番)').fill(p2);
    await page.getByLabel('電話番号(加入者番号)').fill(p3);
    await check(page, 'open3-code');
    // One wrong code (1 of the 10 allowed mistakes): the server's message at the top.
    const code = env('OPEN3_CODE');
    await field(page, 'アカウント作成コード').fill((code[0] === 'x' ? 'y' : 'x') + code.slice(1));
    await page.getByRole('button', { name: '次へ進む' }).click();
    await page.getByRole('alert').getByText(/事業所番号、電話番号またはアカウント作成コードが正しくないか/).waitFor();
    await check(page, 'open3-code-error');
    await field(page, 'アカウント作成コード').fill(code);
    await page.getByRole('button', { name: '次へ進む' }).click();
    await heading(page, 'パスワード登録');
    const key = await readMail(context, email, subjects.passwordRegistration, authKeyRe);
    await passwordWithKey(page, key, PASSWORD, '登録するパスワード');
    await heading(page, 'パスワード登録完了');

    await page.getByRole('link', { name: 'ログイン画面へ進む' }).click();
    await signInWithOtp(b, email, PASSWORD);
    await heading(page, '求人者マイページホーム');
    await page.getByRole('heading', { name: `${env('OPEN3_NAME')} 様` }).waitFor();
    assert.match(await page.locator('main').innerText(), /管轄安定所名/);
    assert.match(await page.locator('main').innerText(), new RegExp(env('OPEN3_NUMBER')));
    await check(page, 'home');

    // The session ends (its cookie is gone): a signed-in screen sends the user to the
    // login screen, which brings them back after signing in.
    await context.clearCookies();
    await page.reload();
    await page.waitForURL('**/login?next=%2Fhome&expired=1');
    await page.getByText('ログインの有効期限が切れました。もう一度ログインしてください。').waitFor();
    await check(page, 'login-expired');
    await signInWithOtp(b, email, PASSWORD);
    await page.waitForURL('**/home');
    await page.getByRole('heading', { name: `${env('OPEN3_NAME')} 様` }).waitFor();

    // ACC-2: the primary account adds an additional account (form → confirmation →
    // 完了) and deletes it after the warning about its messages.
    const extra = uniqueEmail('web-tanto');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '各種設定' }).click();
    await heading(page, '各種設定');
    await page.getByText('追加アカウントはありません。').waitFor();
    await check(page, 'settings-primary');
    await page.getByRole('link', { name: 'アカウントを追加' }).click();
    await heading(page, 'ログインアカウント追加登録');
    await field(page, 'メールアドレス').fill(extra);
    await field(page, 'メールアドレス(確認用)').fill(extra);
    await field(page, 'パスワード(半角数字、英字、記号のすべてを含む8文字以上32文字以内)').fill(NEW_PASSWORD);
    await field(page, 'パスワード(確認用)').fill(NEW_PASSWORD);
    await check(page, 'account-add');
    await page.getByRole('button', { name: '次へ進む' }).click();
    await heading(page, 'ログインアカウント追加登録確認');
    assert.match(await page.locator('main').innerText(), new RegExp(extra.replace(/[.+]/g, '\\$&')));
    await check(page, 'account-add-confirm');
    await page.getByRole('button', { name: '完了' }).click();
    await heading(page, '各種設定');
    await page.getByRole('status').getByText(`追加アカウント ${extra} を仮登録し、認証キーをメールでお送りしました。`, { exact: false }).waitFor();
    await page.getByRole('button', { name: `${extra} を削除` }).click();
    await page.getByText('このアカウントでやりとりしたメッセージが自動消去されます').waitFor();
    await page.getByRole('button', { name: '削除する' }).click();
    await page.getByText(`追加アカウント ${extra} を削除しました。`).waitFor();
    await page.getByText('追加アカウントはありません。').waitFor();
  } finally {
    await context.close();
  }
});
