// Browser tests of the office staff's screens (/staff/...), run by TestE2E_Web_Staff
// (gateway/e2e/web_staff_test.go), which starts the stack with loopback as the
// offices' network, bootstraps a staff member of office 1301, sets up an OPEN-1
// employer whose establishment and first posting wait in the office's worklists, and a
// registered seeker. Every screen is checked with axe-core and, with SCREENS_DIR,
// photographed (prefix staff-).
//
// Environment: as lib.mjs, plus STAFF_EMAIL, STAFF_PASSWORD, EMPLOYER_EMAIL,
// EMPLOYER_PASSWORD, EMPLOYER_OTP_READ, ESTABLISHMENT_NAME, POSTING_OCCUPATION,
// SEEKER_NUMBER, SEEKER_NAME, ADDITIONAL_EMAIL, FIXTURES_URL.
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

const EMPLOYER_EMAIL = env('EMPLOYER_EMAIL');
const EMPLOYER_PASSWORD = env('EMPLOYER_PASSWORD');
const ESTABLISHMENT_NAME = env('ESTABLISHMENT_NAME');
const OCCUPATION = env('POSTING_OCCUPATION');
const FIXTURES = env('FIXTURES_URL');
// The OTP mails the Go test already used when it set up the employer.
markRead(EMPLOYER_EMAIL, subjects.otp, Number(process.env.EMPLOYER_OTP_READ ?? '0'));

const menu = (page, name) => page.getByRole('navigation', { name: '職員メニュー' }).getByRole('link', { name, exact: true }).click();
const card = (page, name) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
const shared = { number: '', jobNumber: '' };

// decide clicks a decision on a card, checks its confirmation (with the message when
// given), confirms, and waits for the notice.
async function decide(page, c, label, { message, badInput, snap, notice }) {
  await c.getByRole('button', { name: label, exact: true }).click();
  const group = page.getByRole('group', { name: `${label}の確認` });
  await group.waitFor();
  await focusedIs(page, '[role=group]', 'the confirmation takes the focus');
  if (badInput !== undefined) {
    // The optional value is checked before anything is sent, on its field.
    const input = group.locator('input');
    await input.fill(badInput);
    await group.getByRole('button', { name: `${label}を確定する` }).click();
    await group.locator('input[aria-invalid=true]').waitFor();
    await focusedIs(page, 'input[aria-invalid=true]', 'the wrong value has the focus');
    await input.fill('');
  }
  if (message !== undefined) {
    // The message is required: refused on the field first, nothing sent.
    await group.getByRole('button', { name: `${label}を確定する` }).click();
    await group.locator('textarea[aria-invalid=true]').waitFor();
    await group.getByRole('textbox').fill(message);
  }
  if (snap) await check(page, snap);
  await group.getByRole('button', { name: `${label}を確定する` }).click();
  const status = page.getByRole('status').filter({ hasText: notice });
  await status.waitFor();
  return status.innerText();
}

test('worklists: the OPEN-1 establishment is accepted beside its first posting; the posting is returned with a message, accepted and published; an image is reviewed with its preview', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await staffSignIn(b);

    // 事業所の受付: the registration with its first posting beside it.
    await menu(page, '事業所の受付');
    await heading(page, '事業所の受付');
    const est = card(page, ESTABLISHMENT_NAME);
    await est.waitFor();
    assert.match(await est.innerText(), new RegExp(`同時に申し込まれた求人[\\s\\S]*${OCCUPATION}`));
    await check(page, 'staff-establishments');
    const accepted = await decide(page, est, '受理', { badInput: '12-3', snap: 'staff-establishments-confirm', notice: '受理しました' });
    shared.number = /事業所番号 (\d{4}-\d{6}-\d)/.exec(accepted)?.[1] ?? '';
    assert.ok(shared.number.startsWith('1301-'), `ESTNO-1 number of office 1301: ${accepted}`);
    await page.getByText('受付待ちの事業所はありません。').waitFor();

    // 求人の受付: by the JOB-2 deadline; returned with a message.
    await menu(page, '求人の受付');
    await heading(page, '求人の受付');
    let post = card(page, new RegExp(`^${OCCUPATION}`));
    await post.waitFor();
    assert.match(await post.innerText(), /公開期限\s*令和\d+年\d+月\d+日/);
    await check(page, 'staff-postings');
    await decide(page, post, '修正依頼', { message: '「仕事内容」を具体的に記載してください。', snap: 'staff-postings-return', notice: '修正依頼を送りました' });
    await page.getByText('受付待ち・公開待ちの求人はありません。').waitFor();

    // The employer corrects and submits again (the employer's screens; a fixture here).
    const res = await fetch(`${FIXTURES}/resubmit`, { method: 'POST' });
    assert.equal(res.status, 200, await res.text());

    // Accepted (求人番号), then published.
    await page.reload();
    await heading(page, '求人の受付');
    post = card(page, new RegExp(`^${OCCUPATION}`));
    await post.waitFor();
    assert.match(await post.innerText(), /前回のメッセージ\s*「仕事内容」を具体的に記載してください。/);
    const acc = await decide(page, post, '受理', { notice: '受理しました' });
    shared.jobNumber = /求人番号 (\d{5}-\d{8})/.exec(acc)?.[1] ?? '';
    assert.ok(shared.jobNumber, `the 求人番号 in the notice: ${acc}`);
    post = card(page, new RegExp(`^${OCCUPATION}`));
    await post.getByRole('button', { name: '公開', exact: true }).waitFor();
    await decide(page, post, '公開', { snap: 'staff-postings-publish', notice: '公開しました' });

    // The lookup of a posting of the office by its 求人番号.
    await field(page, '求人番号').fill(shared.jobNumber);
    await page.getByRole('button', { name: '照会' }).click();
    const found = page.getByRole('list', { name: '照会結果' });
    await found.waitFor();
    assert.match(await found.innerText(), /公開中/);
    await check(page, 'staff-postings-lookup');

    // 変更・停止・延長: nothing pending in this office.
    await menu(page, '変更・停止・延長');
    await heading(page, '変更・停止・延長の申請');
    await page.getByRole('heading', { name: '事業所情報の変更' }).waitFor();
    await check(page, 'staff-applications');

    // 画像の審査: the preview loads; published after the confirmation.
    await menu(page, '画像の審査');
    await heading(page, '画像の審査');
    const img = page.getByRole('img', { name: '審査する画像：外観' });
    await img.waitFor();
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    await check(page, 'staff-images');
    await decide(page, card(page, '外観'), '公開', { notice: '公開しました' });
  } finally {
    await b.context.close();
  }
});

test('after the acceptance the OPEN-1 employer signs in to an opened MyPage; the staff screens refuse an employer session', async () => {
  const b = await openBrowser();
  const { page, context } = b;
  try {
    await page.goto(`${BASE}/login`);
    await field(page, 'ログインID(メールアドレス)').fill(EMPLOYER_EMAIL);
    await field(page, 'パスワード').fill(EMPLOYER_PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await heading(page, 'ワンタイムパスワード入力');
    await field(page, 'ワンタイムパスワード').fill(await readMail(context, EMPLOYER_EMAIL, subjects.otp, otpRe));
    await page.getByRole('button', { name: '送信', exact: true }).click();
    await heading(page, '求人者マイページホーム');
    const main = page.locator('main');
    await main.getByText(shared.number).first().waitFor();
    assert.match(await main.innerText(), new RegExp(ESTABLISHMENT_NAME));
    // The staff screens are not for an employer's session.
    await page.goto(`${BASE}/staff`);
    await heading(page, '職員用の画面です');
    assert.match(await page.locator('main').innerText(), /職員のアカウントでのみ利用できます/);
  } finally {
    await context.close();
  }
});

test('counter registration, then an account creation code shown once with its 令和 expiry', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await staffSignIn(b);
    await menu(page, '窓口での事業所登録');
    await heading(page, '窓口での事業所登録');
    // Client rules first: required fields and the 法人番号 check digit.
    await field(page, '法人番号').fill('1234567890123');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByRole('alert').waitFor();
    const alert = await page.getByRole('alert').innerText();
    assert.match(alert, /法人番号が正しくありません。/);
    assert.match(alert, /事業所名を入力してください。/);
    await check(page, 'staff-counter-errors');

    const fill = async (label, v) => field(page, label).fill(v);
    await fill('法人番号', '7000012050002');
    await fill('法人名', '株式会社テスト商事');
    await fill('本社郵便番号', '100-0001');
    await fill('本社所在地', '東京都千代田区千代田1-1');
    await fill('資本金(円)', '10000000');
    await fill('代表者名', '試験太郎');
    const name = `テスト商事 窓口 ${Date.now() % 1e6}`;
    await fill('事業所名', name);
    await fill('事業所名(カナ)', 'テストショウジ マドグチ');
    await fill('郵便番号', '100-0001');
    await fill('市区町村コード', '13101');
    await fill('所在地', '東京都千代田区千代田1-1');
    await fill('電話番号', '03-3333-0001');
    await fill('従業員数(就業場所)', '20');
    await fill('事業内容', '事務用品の卸売を行っています。');
    await page.getByRole('button', { name: '登録', exact: true }).click();
    await heading(page, '窓口での事業所登録の完了');
    const number = await page.locator('#registered-number').innerText();
    assert.match(number, /^1301-\d{6}-\d$/);
    await check(page, 'staff-counter-done');

    await page.getByRole('button', { name: 'アカウント作成コードを発行' }).click();
    await page.getByRole('group', { name: '発行の確認' }).waitFor();
    await page.getByRole('button', { name: '発行する' }).click();
    const code = await page.locator('#creation-code').innerText();
    assert.match(code, /^\S{1,10}$/);
    assert.match(await page.locator('#creation-code-expiry').innerText(), /^令和\d+年\d{1,2}月\d{1,2}日$/);
    assert.match(await page.locator('main').innerText(), /このコードは再表示できません/);
    await check(page, 'staff-code-issued');
    // Shown once: not kept anywhere the page could show it again.
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes(code), 'the code is not stored in the browser');
    await page.reload();
    await heading(page, '窓口での事業所登録');
    assert.ok(!(await page.locator('main').innerText()).includes(code), 'the code is gone after a reload');

    // アカウント作成コード: the establishment by its number; a new code (the old one voided).
    await menu(page, 'アカウント作成コード');
    await heading(page, 'アカウント作成コードの発行');
    await field(page, '事業所番号').fill('1301-12');
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByRole('alert').waitFor();
    await field(page, '事業所番号').fill(number);
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByRole('heading', { name }).waitFor();
    await check(page, 'staff-codes');
    await page.getByRole('button', { name: 'アカウント作成コードを発行' }).click();
    await page.getByRole('button', { name: '発行する' }).click();
    const again = await page.locator('#creation-code').innerText();
    assert.notEqual(again, code);
  } finally {
    await b.context.close();
  }
});

test('a counter referral issues the 紹介状, shown for printing; a stop application is approved; the delivery log shows the office mails', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await staffSignIn(b);
    await menu(page, '窓口紹介');
    await heading(page, '窓口紹介');
    await check(page, 'staff-referrals');
    await field(page, '求人番号').fill('99999-00000000');
    await field(page, '求職番号').fill(env('SEEKER_NUMBER'));
    await page.getByRole('button', { name: '確認' }).click();
    await page.locator('#job_number-error').waitFor();
    await field(page, '求人番号').fill(shared.jobNumber);
    await field(page, '選考方法').fill('面接');
    await field(page, '面接予定日時').fill('2030-04-01T10:00');
    await field(page, '持参書類').fill('履歴書');
    await page.getByRole('button', { name: '確認' }).click();
    await heading(page, '窓口紹介の確認');
    assert.match(await page.locator('main').innerText(), new RegExp(OCCUPATION));
    await check(page, 'staff-referrals-confirm');
    await page.getByRole('button', { name: '紹介状を発行' }).click();
    await heading(page, '紹介状');
    const letter = await page.locator('#referral-letter').innerText();
    assert.match(letter, new RegExp(env('SEEKER_NAME')));
    assert.match(letter, new RegExp(shared.jobNumber));
    assert.match(letter, /紹介年月日\s*令和/);
    assert.match(letter, /2030年4月1日 10:00/);
    await page.getByRole('button', { name: '印刷' }).waitFor();
    await check(page, 'staff-referral-letter');

    // 変更・停止・延長: the employer asks to stop the posting (a fixture for the employer's
    // screens); staff approve it after the confirmation (JOB-3).
    const stop = await fetch(`${FIXTURES}/requestStop`, { method: 'POST' });
    assert.equal(stop.status, 200, await stop.text());
    await menu(page, '変更・停止・延長');
    await heading(page, '変更・停止・延長の申請');
    const application = card(page, new RegExp(`^募集停止：${OCCUPATION}`));
    await application.waitFor();
    assert.match(await application.innerText(), /充足のため募集を停止します。/);
    await check(page, 'staff-applications-stop');
    await decide(page, application, '承認', { notice: '承認しました' });

    // The delivery log: the office's mails to the employer, filtered by recipient.
    await menu(page, 'メール配信ログ');
    await heading(page, 'メール配信ログ');
    const table = page.getByRole('table', { name: 'メール配信ログ' });
    await table.waitFor();
    for (const subject of ['求人者マイページ開設通知', '求人情報修正依頼通知', '求人情報受理通知']) {
      await table.getByRole('cell', { name: subject }).first().waitFor();
    }
    // The additional account's mails are listed with the address withheld (LOGIN-5).
    const hidden = table.locator('tbody tr').filter({ hasText: '非表示(追加アカウント宛)' });
    await hidden.first().waitFor();
    assert.ok(!(await page.locator('main').innerText()).includes(env('ADDITIONAL_EMAIL')), 'the additional address is never shown');
    await check(page, 'staff-deliveries');
    await field(page, '宛先で絞り込む').fill(EMPLOYER_EMAIL);
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.getByText(`宛先「${EMPLOYER_EMAIL}」のメールを表示しています。`).waitFor();
    const rows = table.locator('tbody tr');
    await rows.first().waitFor();
    for (const text of await rows.allInnerTexts()) assert.match(text, new RegExp(EMPLOYER_EMAIL.replace(/[.+]/g, '\\$&')));
    // An address the log would not show: the same empty answer (no existence oracle).
    await field(page, '宛先で絞り込む').fill(uniqueEmail('nobody'));
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.getByText('該当するメールはありません。').waitFor();
    assert.equal(await table.count(), 0, 'no rows for an address the log would not show');
  } finally {
    await b.context.close();
  }
});
