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
async function staffSignIn(b, { snap = false, email = STAFF_EMAIL } = {}) {
  const { page, context } = b;
  await page.goto(`${BASE}/staff`);
  await page.waitForURL('**/staff/login?next=*');
  await heading(page, '職員ログイン');
  if (snap) await check(page, 'staff-login');
  await field(page, '職員ID(メールアドレス)').fill(email);
  await field(page, 'パスワード').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await heading(page, 'ワンタイムパスワード入力');
  // Staff never skip the one-time password: no skip checkbox.
  assert.equal(await page.getByRole('checkbox').count(), 0);
  assert.match(await page.locator('main').innerText(), /省略できません/);
  const otp = await readMail(context, email, subjects.otp, otpRe);
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
    for (const item of ['事業所の受付', '求人の受付', '求人の窓口入力', '変更・停止・延長', '画像の審査', '窓口での事業所登録', 'アカウント作成コード', '窓口紹介', '事業所の移管', 'メール配信ログ', '来所者端末', '職員アカウント']) {
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
    // Gone from the list (the office's overdue counter posting stays).
    await card(page, new RegExp(`^${OCCUPATION}`)).waitFor({ state: 'detached' });

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

// jstDate is today + days as the JST date YYYY-MM-DD.
const jstDate = (days) => new Date(Date.now() + 9 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

test('求人の窓口入力: staff enter a posting in the employer’s wizard; it waits with the 7-open-day target beside the overdue one; 紹介期限の繰上げ after publication', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    await staffSignIn(b);
    // JOB-2: the counter posting the fixtures back-dated is flagged overdue.
    await menu(page, '求人の受付');
    await heading(page, '求人の受付');
    const late = card(page, /^倉庫作業/);
    await late.getByText('公開期限超過').waitFor();
    await late.getByText('窓口受付', { exact: true }).waitFor();
    assert.match(await late.innerText(), /公開期限\s*令和\d+年\d+月\d+日\(窓口受付：7開庁日以内\)/);
    await check(page, 'staff-postings-overdue');

    await menu(page, '求人の窓口入力');
    await heading(page, '求人の窓口入力');
    await field(page, '事業所番号').fill(env('COUNTER_EST_NUMBER'));
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByRole('heading', { name: 'テスト商事 窓口求人' }).waitFor();
    await check(page, 'staff-counter-posting');
    await page.getByRole('button', { name: 'この事業所の求人を入力する' }).click();
    await page.waitForURL(/\/staff\/postings\/[^/]+\/edit/);
    const id = new URL(page.url()).pathname.split('/')[3];
    await heading(page, '求人の窓口入力');
    // The employer's eight sections, in any order: 3. 仕事内容情報 typed here.
    await page.getByRole('navigation', { name: '入力項目' }).getByRole('link', { name: /仕事内容情報/ }).click();
    await page.getByRole('heading', { level: 2, name: '3. 仕事内容情報' }).waitFor();
    await field(page, '職種').fill('窓口事務');
    await field(page, '仕事内容').fill('来客応対、書類の受付と確認');
    await field(page, '雇用形態').selectOption({ label: '正社員' });
    await field(page, '派遣・請負等').selectOption({ label: '派遣・請負ではない' });
    for (const l of ['学歴', '必要な経験', '必要な免許・資格']) await field(page, l).selectOption({ label: '不問' });
    await field(page, '普通自動車運転免許').selectOption({ label: '不要' });
    await page.getByRole('button', { name: '保存する', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '仕事内容情報を保存しました。' }).waitFor();
    await check(page, 'staff-counter-posting-wizard');
    // The other seven sections from the paper form (a colleague of the office, REST).
    const res = await fetch(`${FIXTURES}/counterSections?posting=${id}`, { method: 'POST' });
    assert.equal(res.status, 200, await res.text());
    await page.reload();
    await page.getByRole('navigation', { name: '入力項目' }).getByRole('link', { name: '申込み内容の確認・申込み' }).click();
    await page.getByRole('heading', { level: 2, name: '申込み内容の確認・申込み' }).waitFor();
    assert.match(await page.locator('main').innerText(), /窓口受付の求人として申し込みます/);
    await page.getByRole('button', { name: '申込み', exact: true }).click();
    // Warnings, if the check lists any, are confirmed as the employer would.
    const warned = page.getByRole('group', { name: '確認が必要な事項' });
    await Promise.race([warned.waitFor(), page.waitForURL(/\/staff\/postings\?entered=/)]);
    if (await warned.count()) {
      const boxes = page.getByLabel('内容を確認しました（このまま申込みます）');
      for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
      await page.getByRole('button', { name: '申込み', exact: true }).click();
    }
    await page.waitForURL(/\/staff\/postings\?entered=/);
    await heading(page, '求人の受付');
    await page.getByRole('status').filter({ hasText: '公開期限は申込みから7開庁日です' }).waitFor();
    let entered = card(page, /^窓口事務/);
    await entered.getByText('窓口受付', { exact: true }).waitFor();
    assert.match(await entered.innerText(), /\(窓口受付：7開庁日以内\)/);
    assert.doesNotMatch(await entered.innerText(), /公開期限超過/);
    await check(page, 'staff-counter-posting-entered');

    // Accepted and published, then its 紹介期限日 brought forward from the lookup.
    const acc = await decide(page, entered, '受理', { notice: '受理しました' });
    const jobNumber = /求人番号 (\d{5}-\d{8})/.exec(acc)?.[1] ?? '';
    entered = card(page, /^窓口事務/);
    await decide(page, entered, '公開', { notice: '公開しました' });
    await field(page, '求人番号').fill(jobNumber);
    await page.getByRole('button', { name: '照会' }).click();
    const found = page.getByRole('list', { name: '照会結果' }).getByRole('listitem').first();
    await found.waitFor();
    await found.getByRole('button', { name: '紹介期限の繰上げ', exact: true }).click();
    const group = page.getByRole('group', { name: '紹介期限の繰上げの確認' });
    await group.waitFor();
    await focusedIs(page, '[role=group]', 'the confirmation takes the focus');
    await group.getByRole('textbox').fill('2027-02-30');
    await group.getByRole('button', { name: '紹介期限の繰上げを確定する' }).click();
    await group.locator('input[aria-invalid=true]').waitFor();
    await group.getByRole('textbox').fill(jstDate(7));
    await check(page, 'staff-bring-forward');
    await group.getByRole('button', { name: '紹介期限の繰上げを確定する' }).click();
    await page.getByRole('status').filter({ hasText: '紹介期限日を令和' }).waitFor();
    const [y, m, d] = jstDate(7).split('-').map(Number);
    assert.match(await found.innerText(), new RegExp(`紹介期限日\\s*令和${y - 2018}年${m}月${d}日`));
  } finally {
    await b.context.close();
  }
});

test('事業所の移管: moved to ハローワーク上野 after the confirmation, gone from this office and found by the new one; the new office’s worklists page beyond 100 items', async () => {
  const b = await openBrowser();
  const { page } = b;
  const number = env('TRANSFER_EST_NUMBER');
  try {
    await staffSignIn(b);
    await menu(page, '事業所の移管');
    await heading(page, '事業所の移管');
    await field(page, '事業所番号').fill(number);
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByRole('heading', { name: 'テスト商事 移管' }).waitFor();
    // The office is required.
    await page.getByRole('button', { name: '移管する' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /移管先の安定所を選択してください。/);
    await field(page, '移管先の安定所').selectOption({ label: '東京都 ハローワーク上野(1302)' });
    await page.getByRole('button', { name: '移管する' }).click();
    const confirm = page.getByRole('group', { name: '移管の確認' });
    await confirm.waitFor();
    await focusedIs(page, '[role=group]', 'the confirmation takes the focus');
    assert.match(await confirm.innerText(), /ハローワーク飯田橋からハローワーク上野へ移します/);
    await check(page, 'staff-transfer-confirm');
    await confirm.getByRole('button', { name: '移管を確定する' }).click();
    await page.getByRole('status').filter({ hasText: 'ハローワーク上野へ移管しました' }).waitFor();
    // This office no longer finds it.
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'テスト商事 移管' }).count(), 0);
  } finally {
    await b.context.close();
  }

  const u = await openBrowser();
  try {
    await staffSignIn(u, { email: env('UENO_EMAIL') });
    const p = u.page;
    // The menu counts one page of each list: beyond it, 以上.
    await p.getByRole('status').filter({ hasText: '読み込み中' }).waitFor({ state: 'detached' });
    assert.match(await p.locator('main').innerText(), /事業所の受付\(仮登録\)：100件以上/);
    await menu(p, '事業所の移管');
    await field(p, '事業所番号').fill(number);
    await p.getByRole('button', { name: '検索' }).click();
    await p.getByRole('heading', { name: 'テスト商事 移管' }).waitFor();
    assert.match(await p.locator('main').innerText(), /管轄安定所\s*ハローワーク上野/);

    // Paging (the fixtures put PAGING_COUNT items in each of 1302's lists).
    const total = Number(env('PAGING_COUNT'));
    const pages = async (item, title, label) => {
      await menu(p, item);
      await heading(p, title);
      const nav = p.getByRole('navigation', { name: `${label}のページ` });
      await nav.getByText('1〜100件目を表示しています。').waitFor();
      await nav.getByRole('button', { name: '次の100件' }).click();
      await nav.getByText(`101〜${total}件目を表示しています。`).waitFor();
      assert.equal(await nav.getByRole('button', { name: '次の100件' }).count(), 0);
      return nav;
    };
    await pages('事業所の受付', '事業所の受付', '受付待ちの事業所');
    const postings = await pages('求人の受付', '求人の受付', '受付待ちの求人');
    await check(p, 'staff-postings-page2');
    await postings.getByRole('button', { name: '前の100件' }).click();
    await postings.getByText('1〜100件目を表示しています。').waitFor();
    await pages('画像の審査', '画像の審査', '審査待ちの画像');
    // 変更・停止・延長 pages the office's postings for their pending applications.
    await pages('変更・停止・延長', '変更・停止・延長の申請', '求人の申請');
    // Its establishment changes are a list of their own, paged on their own.
    const changes = await pages('変更・停止・延長', '変更・停止・延長の申請', '事業所情報の変更');
    await changes.waitFor();
    const cards = p.getByRole('heading', { name: /^事業所情報の変更\(/ });
    assert.equal(await cards.count(), total - 100, 'the second page shows the rest of the changes');
    assert.match(await p.locator('main').innerText(), /テスト商事 職員画面 変更/);
    await check(p, 'staff-changes-page2');
    await pages('メール配信ログ', 'メール配信ログ', 'メール配信ログ');
  } finally {
    await u.context.close();
  }
});

test('職員アカウントの利用停止: after the confirmation the colleague’s session ends and the sign-in is refused', async () => {
  const colleague = env('COLLEAGUE_EMAIL');
  const c = await openBrowser();
  const b = await openBrowser();
  try {
    await staffSignIn(c, { email: colleague });

    await staffSignIn(b);
    const { page } = b;
    await menu(page, '職員アカウント');
    await heading(page, '職員アカウントの利用停止');
    await check(page, 'staff-accounts');
    // Not a staff member of this office: refused like an unknown one.
    await field(page, '職員ID(メールアドレス)').fill(uniqueEmail('nobody-staff'));
    await page.getByRole('button', { name: '利用停止', exact: true }).click();
    await page.getByRole('button', { name: '利用停止を確定する' }).click();
    await page.getByRole('alert').waitFor();
    await field(page, '職員ID(メールアドレス)').fill(colleague);
    await page.getByRole('button', { name: '利用停止', exact: true }).click();
    const confirm = page.getByRole('group', { name: '利用停止の確認' });
    await confirm.waitFor();
    await focusedIs(page, '[role=group]', 'the confirmation takes the focus');
    await check(page, 'staff-accounts-confirm');
    await confirm.getByRole('button', { name: '利用停止を確定する' }).click();
    await page.getByRole('status').filter({ hasText: 'を利用停止にしました' }).waitFor();

    // The colleague's session has ended: the next screen sends to the sign-in.
    await c.page.goto(`${BASE}/staff/postings`);
    await c.page.waitForURL(/\/staff\/login\?next=%2Fstaff%2Fpostings/);
    await field(c.page, '職員ID(メールアドレス)').fill(colleague);
    await field(c.page, 'パスワード').fill(STAFF_PASSWORD);
    await c.page.getByRole('button', { name: 'ログイン' }).click();
    await c.page.getByRole('alert').waitFor();
    assert.equal(await c.page.getByRole('heading', { level: 1, name: 'ワンタイムパスワード入力' }).count(), 0);
  } finally {
    await b.context.close();
    await c.context.close();
  }
});
