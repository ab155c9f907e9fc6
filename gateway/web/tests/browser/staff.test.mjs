// Browser tests of the office staff's screens (/staff/...), run by TestE2E_Web_Staff
// (gateway/e2e/web_staff_test.go), which starts the stack with loopback as the
// offices' network, bootstraps a staff member of office 1301, sets up an OPEN-1
// employer whose establishment and first posting wait in the office's worklists, and a
// registered seeker. Every screen is checked with axe-core and, with SCREENS_DIR,
// photographed (prefix staff-).
//
// Environment: as lib.mjs, plus STAFF_EMAIL, STAFF_PASSWORD, EMPLOYER_EMAIL,
// EMPLOYER_PASSWORD, EMPLOYER_OTP_READ, ESTABLISHMENT_NAME, POSTING_OCCUPATION,
// SEEKER_NUMBER, SEEKER_NAME, FIXTURES_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, BASE, subjects, openBrowser, readMail, otpRe, check, field, heading, focusedIs, markRead, uniqueEmail } from './lib.mjs';

const STAFF_EMAIL = env('STAFF_EMAIL');
const STAFF_PASSWORD = env('STAFF_PASSWORD');

// staffSignIn signs the staff member in through 職員ログイン and its one-time password.
async function staffSignIn(b, { snap = false } = {}) {
  const { page, context } = b;
  await page.goto(`${BASE}/staff`);
  await page.waitForURL('**/staff/login?next=*');
  await heading(page, '職員ログイン');
  if (snap) await check(page, 'staff-login');
  await field(page, '職員ID(メールアドレス)').fill(STAFF_EMAIL);
  await field(page, 'パスワード').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await heading(page, 'ワンタイムパスワード入力');
  // Staff never skip the one-time password: no skip checkbox.
  assert.equal(await page.getByRole('checkbox').count(), 0);
  assert.match(await page.locator('main').innerText(), /省略できません/);
  const otp = await readMail(context, STAFF_EMAIL, subjects.otp, otpRe);
  if (snap) await check(page, 'staff-otp');
  await field(page, 'ワンタイムパスワード').fill(otp);
  await page.getByRole('button', { name: '送信', exact: true }).click();
  await heading(page, '業務メニュー');
}

test('staff sign in through 職員ログイン (OTP always), see the staff menu, and sign out', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    // A wrong password first: the same answer as for employers, focused at the top.
    await page.goto(`${BASE}/staff/login`);
    await heading(page, '職員ログイン');
    await field(page, '職員ID(メールアドレス)').fill(STAFF_EMAIL);
    await field(page, 'パスワード').fill('Wrong#pass1');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('alert').waitFor();
    await focusedIs(page, '[role=alert]', 'the error summary has the focus');
    assert.match(await page.getByRole('alert').innerText(), /メールアドレスまたはパスワードが正しくありません/);
    await check(page, 'staff-login-error');

    await staffSignIn(b, { snap: true });
    const nav = page.getByRole('navigation', { name: '職員メニュー' });
    for (const item of ['事業所の受付', '求人の受付', '変更・停止・延長', '画像の審査', '窓口での事業所登録', 'アカウント作成コード', '窓口紹介', 'メール配信ログ', '来所者端末']) {
      await nav.getByRole('link', { name: item, exact: true }).waitFor();
    }
    // Not the employer's menu.
    assert.equal(await page.getByRole('navigation', { name: 'メインメニュー' }).count(), 0);
    assert.match(await page.title(), /ハローワーク職員用/);
    await check(page, 'staff-home');

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await heading(page, '職員ログイン');
    await page.getByText('ログアウトしました。').waitFor();
    // The staff screens now send to the staff sign-in, and back after it.
    await page.goto(`${BASE}/staff/terminals`);
    await page.waitForURL(/\/staff\/login\?next=%2Fstaff%2Fterminals/);
  } finally {
    await b.context.close();
  }
});

test('a visitor terminal is enrolled on its own browser, which keeps the credential as an HttpOnly cookie; its expiry is shown', async () => {
  const b = await openBrowser();
  const { page, context } = b;
  try {
    await staffSignIn(b);
    await page.getByRole('navigation', { name: '職員メニュー' }).getByRole('link', { name: '来所者端末' }).click();
    await heading(page, '来所者端末');
    await page.getByText('登録されている来所者端末はありません。').waitFor();
    await check(page, 'staff-terminals');

    // The name is required (RegisterVisitorTerminalRequest.display_name: 1-100).
    await page.getByRole('button', { name: '確認' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /端末の名前を入力してください。/);

    await field(page, '端末の名前').fill('窓口端末 1');
    await page.getByRole('button', { name: '確認' }).click();
    await page.getByText('このブラウザを来所者端末「窓口端末 1」として登録します。').waitFor();
    await check(page, 'staff-terminals-confirm');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByText('この端末・ブラウザを来所者端末として登録しました').waitFor();
    const expiry = await page.locator('#terminal-expiry').innerText();
    assert.match(expiry, /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/, `expiry in JST: ${expiry}`);
    await page.getByRole('heading', { name: '窓口端末 1' }).waitFor();
    await check(page, 'staff-terminals-enrolled');

    // The credential is only in this browser's HttpOnly cookie, never readable by the page.
    const cookies = await context.cookies();
    const terminal = cookies.find((c) => c.name === '__Host-hw_terminal');
    assert.ok(terminal, 'the terminal cookie is set on the enrolling browser');
    assert.equal(terminal.httpOnly, true);
    assert.equal(terminal.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie.includes('hw_terminal')), false);
    assert.equal(await page.locator('main').innerText().then((t) => t.includes(terminal.value)), false);
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await heading(page, '職員ログイン');
  } finally {
    await context.close();
  }
});
