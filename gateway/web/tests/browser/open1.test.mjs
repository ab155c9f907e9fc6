// Browser test of OPEN-1 to an opened MyPage: 事業所登録・求人申込み(仮登録) → パスワード登録
// with the mailed key → first sign-in with the OTP → 事業所情報の仮登録 (the five
// sections out of order, a client error and a service error on their fields, a warning
// confirmed by saving again, a reload keeping what was typed) → 申込み → 完了 (on to the
// first posting) → the office accepts it (FIXTURES_URL, staff REST client) → the home
// shows the opened MyPage with its 事業所番号. Run by TestE2E_Web_Open1
// (gateway/e2e/web_open1_test.go); screenshots open1-est-*.
//
// The same registration gets an image in section 6 画像情報 before the opening and is
// returned once (修正依頼) before its acceptance; a second employer's registration is
// rejected (不受理).
//
// Environment: BASE_URL, INBOX_URL, CHROMIUM, FIXTURES_URL, OPEN1_EMAIL,
// OPEN1_REJECTED_EMAIL, SCREENS_DIR (optional).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, BASE, PASSWORD, subjects, openBrowser, readMail, authKeyRe, check, field, heading, focusedIs, passwordWithKey, signInWithOtp } from './lib.mjs';

const FIXTURES = env('FIXTURES_URL');
const email = env('OPEN1_EMAIL');
const name = `テスト商事 開設 ${Date.now() % 1e6}`;

// office decides a registration as the staff of office 1301 (fixtures of web_open1_test.go).
async function office(decision, establishment, message = '') {
  const q = new URLSearchParams({ name: establishment });
  if (message) q.set('message', message);
  const res = await fetch(`${FIXTURES}/staff/${decision}?${q}`, { method: 'POST' });
  const body = await res.text();
  assert.equal(res.status, 200, body);
  return JSON.parse(body);
}

// saveNext saves a section with 保存して次へ進む, confirming its warnings by saving
// again when the service lists some, and waits for the next section.
async function saveNext(page, next) {
  const warned = page.getByText('確認が必要な事項があります（まだ保存されていません）');
  const heading2 = page.getByRole('heading', { level: 2, name: next });
  await page.getByRole('button', { name: '保存して次へ進む' }).click();
  await Promise.race([heading2.waitFor(), warned.waitFor()]);
  if (await warned.isVisible()) await page.getByRole('button', { name: '保存して次へ進む' }).click();
  await heading2.waitFor();
}

// register goes from 事業所登録・求人申込み(仮登録) to the first sign-in's home.
async function register(b, address, { skip = false } = {}) {
  const { page, context } = b;
  await page.goto(`${BASE}/registration`);
  await heading(page, '事業所登録・求人申込み(仮登録)');
  await field(page, 'メールアドレス').fill(address);
  await field(page, 'メールアドレス(確認用)').fill(address);
  await page.getByLabel('「プライバシーポリシー」に同意します。').check();
  await page.getByLabel('「マイページ利用規約」に同意します。').check();
  await page.getByRole('button', { name: '次へ進む' }).click();
  await heading(page, 'パスワード登録');
  const key = await readMail(context, address, subjects.provisional, authKeyRe);
  await passwordWithKey(page, key, PASSWORD, 'パスワード');
  await heading(page, 'パスワード登録完了');
  await page.getByRole('link', { name: 'ログイン画面へ進む' }).click();
  await heading(page, '求人者マイページにログイン');
  await signInWithOtp(b, address, PASSWORD, { skip });
  await heading(page, '求人者マイページホーム');
}

test('OPEN-1: 仮登録 → password → first sign-in → 事業所情報の仮登録 in any order, an image → 申込み → 修正依頼 → corrected → accepted → opened MyPage', async () => {
  const b = await openBrowser();
  const { page } = b;
  try {
    // Steps 1-2: 仮登録 with both consents and the password with the mailed key.
    await register(b, email, { skip: true });

    // The home tells the provisional account to continue, with the way there.
    await page.getByText('事業所情報：未入力').waitFor();
    await check(page, 'open1-est-home-provisional');
    await page.getByRole('link', { name: '事業所情報の仮登録へ進む' }).click();
    await heading(page, '事業所情報の仮登録');
    await focusedIs(page, 'h1', 'the new screen heading has the focus');
    const nav = page.getByRole('navigation', { name: '入力項目' });
    assert.match(await nav.innerText(), /1\. 企業基本情報\s*未入力/);

    // Out of order: section 2 first, a client rule (事業所名 missing) in the summary and on the field.
    await nav.getByRole('link', { name: /2\. 事業所基本情報/ }).click();
    await page.getByRole('heading', { level: 2, name: '2. 事業所基本情報' }).waitFor();
    await field(page, '事業所名(カナ)').fill('テストショウジ');
    await field(page, '郵便番号').fill('100-0001');
    await field(page, '市区町村コード').fill('13101');
    await field(page, '所在地').fill('東京都千代田区千代田1-1');
    await field(page, '電話番号').fill('03-4100-7001');
    await page.getByRole('button', { name: '保存する' }).click();
    const summary = page.getByRole('alert').filter({ hasText: '事業所名を入力してください。' });
    await summary.waitFor();
    assert.equal(await page.locator('#name').getAttribute('aria-invalid'), 'true');
    await check(page, 'open1-est-basic-error');
    // Leave the section unsaved: section 3, then back; the reload keeps what was typed.
    await nav.getByRole('link', { name: /3\. 事業所詳細情報/ }).click();
    await field(page, '従業員数（就業場所）').fill('20');
    await field(page, '事業内容').fill('事務用品の卸売および通信販売を行っています。');
    await page.getByRole('button', { name: '保存して次へ進む' }).click();
    await page.getByRole('heading', { level: 2, name: '4. 事業所就業場所情報' }).waitFor();
    assert.match(await nav.innerText(), /3\. 事業所詳細情報\s*保存済み/);
    assert.match(await nav.innerText(), /2\. 事業所基本情報\s*未保存の入力あり/);
    await page.reload();
    await nav.getByRole('link', { name: /2\. 事業所基本情報/ }).click();
    assert.equal(await field(page, '電話番号').inputValue(), '03-4100-7001');
    await page.getByText('保存されていない入力内容を復元しました。').waitFor();
    await field(page, '事業所名').fill(name);
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('事業所基本情報を保存しました。').waitFor();

    // Section 1: a 法人番号 with a wrong check digit is the service's error on its field;
    // no 資本金 is a warning, confirmed by saving again.
    await nav.getByRole('link', { name: /1\. 企業基本情報/ }).click();
    await field(page, '法人番号').fill('7000012050003');
    await field(page, '法人名').fill('株式会社テスト商事');
    await field(page, '本社郵便番号').fill('100-0001');
    await field(page, '本社所在地').fill('東京都千代田区千代田1-1');
    await field(page, '代表者名').fill('試験 太郎');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.locator('#corporate_number-error').waitFor();
    assert.match(await page.getByRole('alert').first().innerText(), /法人番号/);
    assert.equal(await field(page, '代表者名').inputValue(), '試験 太郎');
    await check(page, 'open1-est-company-error');
    await field(page, '法人番号').fill('7000012050002');
    await page.getByRole('button', { name: '保存して次へ進む' }).click();
    await page.getByText('確認が必要な事項があります（まだ保存されていません）').waitFor();
    assert.match(await nav.innerText(), /1\. 企業基本情報\s*未保存の入力あり/);
    await check(page, 'open1-est-company-warning');
    await page.getByRole('button', { name: '保存して次へ進む' }).click();
    await page.getByRole('heading', { level: 2, name: '2. 事業所基本情報' }).waitFor();
    assert.match(await nav.innerText(), /1\. 企業基本情報\s*保存済み/);

    // Section 4 with the establishment's address; section 5 is optional and left.
    await nav.getByRole('link', { name: /4\. 事業所就業場所情報/ }).click();
    await field(page, '就業場所は事業所の所在地と同じ').check();
    await field(page, '最寄り駅').fill('東京駅');
    await check(page, 'open1-est-workplace');
    await page.getByRole('button', { name: '保存して次へ進む' }).click();
    await page.getByRole('heading', { level: 2, name: '5. 事業所PR情報（任意）' }).waitFor();

    // Section 6 画像情報 (任意, IMG-1) before the opening: a PNG previewed and uploaded,
    // listed under the office's review; the section list says it has one.
    await nav.getByRole('link', { name: /6\. 画像情報/ }).click();
    await page.getByRole('heading', { level: 2, name: '6. 画像情報（任意）' }).waitFor();
    const png = Buffer.from(await (await fetch(`${FIXTURES}/image.png`)).arrayBuffer());
    await page.getByLabel('画像ファイル').setInputFiles({ name: 'gaikan.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('img', { name: '登録する画像のプレビュー' }).waitFor();
    await page.getByLabel('画像の説明').fill('外観');
    await page.getByRole('button', { name: '登録する', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '画像「外観」を登録しました。' }).waitFor();
    await page.getByText('ハローワーク確認中(非公開)').waitFor();
    await page.getByRole('img', { name: '外観' }).waitFor();
    assert.match(await nav.innerText(), /6\. 画像情報（任意）\s*保存済み/);
    await check(page, 'open1-est-images');
    await nav.getByRole('link', { name: '申込み内容の確認・申込み' }).click();
    await page.getByRole('heading', { level: 2, name: '申込み内容の確認・申込み' }).waitFor();
    await check(page, 'open1-est-confirm');
    await page.getByRole('button', { name: '申込み', exact: true }).click();

    await heading(page, '事業所情報の仮登録完了');
    await page.getByText('事業所情報の申込み（仮登録）が完了しました').waitFor();
    assert.match(await page.locator('main').innerText(), /ハローワーク飯田橋で、事業所情報と求人情報をあわせて確認します/);
    await check(page, 'open1-est-submitted');
    await page.getByRole('link', { name: '続けて求人情報を入力(仮登録)する' }).click();
    await heading(page, '新規求人情報を登録');
    await page.getByRole('link', { name: 'ホーム（求人／応募管理）' }).first().click();
    await heading(page, '求人者マイページホーム');
    await page.getByText('事業所情報：申込み済み（ハローワーク確認中）').waitFor();

    // The office returns it (修正依頼) with a message: the home says so, the screen
    // shows the message; the employer corrects section 3 and applies again.
    const officeMessage = '従業員数（就業場所）をご確認ください。登記上の人数と異なります。';
    await office('return', name, officeMessage);
    await page.reload();
    await page.getByText('事業所情報：ハローワークから修正依頼があります').waitFor();
    await page.getByRole('link', { name: '事業所情報の仮登録へ進む' }).click();
    await heading(page, '事業所情報の修正');
    await page.getByText(officeMessage).waitFor();
    await check(page, 'open1-est-returned');
    await nav.getByRole('link', { name: /3\. 事業所詳細情報/ }).click();
    assert.equal(await field(page, '従業員数（就業場所）').inputValue(), '20');
    await field(page, '従業員数（就業場所）').fill('25');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByText('事業所詳細情報を保存しました。').waitFor();
    await nav.getByRole('link', { name: '申込み内容の確認・申込み' }).click();
    await page.getByRole('button', { name: '申込み', exact: true }).click();
    await heading(page, '事業所情報の仮登録完了');
    await page.getByRole('link', { name: 'ホーム（求人／応募管理）' }).first().click();
    await heading(page, '求人者マイページホーム');
    await page.getByText('事業所情報：申込み済み（ハローワーク確認中）').waitFor();

    // The office accepts the registration (受理): the MyPage is opened.
    const { establishment_number: number } = await office('accept', name);
    assert.match(number, /^1301-[0-9]{6}-[0-9]$/);

    // The next sign-in opens the MyPage (the account is primary now), OTP skipped on this browser.
    await page.getByRole('button', { name: 'ログアウト' }).first().click();
    await heading(page, '求人者マイページにログイン');
    const deadline = Date.now() + 30_000;
    for (;;) {
      await field(page, 'ログインID(メールアドレス)').fill(email);
      await field(page, 'パスワード').fill(PASSWORD);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await heading(page, '求人者マイページホーム');
      await page.getByRole('heading', { level: 2, name: '求人件数・採用人数' }).or(page.getByText('アカウントは仮登録の状態です。')).first().waitFor();
      if ((await page.getByText('アカウントは仮登録の状態です。').count()) === 0) break;
      assert.ok(Date.now() < deadline, 'the account was not opened after acceptance');
      await page.getByRole('button', { name: 'ログアウト' }).first().click();
      await heading(page, '求人者マイページにログイン');
      await page.waitForTimeout(500);
    }
    const main = await page.locator('main').innerText();
    assert.match(main, new RegExp(`${name} 様`));
    assert.match(main, new RegExp(number));
    assert.match(main, /ハローワーク飯田橋/);
    await check(page, 'open1-est-home-opened');
    assert.deepEqual(b.errors.filter((e) => !/status of 4\d\d/.test(e)), []);
  } finally {
    await b.context.close();
  }
});

test('OPEN-1: a registration the office rejects (不受理): its reason and what it means, then a new one', async () => {
  const address = env('OPEN1_REJECTED_EMAIL');
  const rejectedName = `テスト商事 不受理 ${Date.now() % 1e6}`;
  const b = await openBrowser();
  const { page } = b;
  try {
    await register(b, address);
    await page.getByRole('link', { name: '事業所情報の仮登録へ進む' }).click();
    await heading(page, '事業所情報の仮登録');
    const nav = page.getByRole('navigation', { name: '入力項目' });
    // The four required sections, in order.
    await field(page, '法人番号').fill('7000012050002');
    await field(page, '法人名').fill('株式会社テスト商事');
    await field(page, '資本金（円）').fill('10000000');
    await field(page, '本社郵便番号').fill('100-0001');
    await field(page, '本社所在地').fill('東京都千代田区千代田1-1');
    await field(page, '代表者名').fill('試験 次郎');
    await saveNext(page, '2. 事業所基本情報');
    await field(page, '事業所名').fill(rejectedName);
    await field(page, '事業所名(カナ)').fill('テストショウジ');
    await field(page, '郵便番号').fill('100-0001');
    await field(page, '市区町村コード').fill('13101');
    await field(page, '所在地').fill('東京都千代田区千代田1-2');
    await field(page, '電話番号').fill('03-4100-7002');
    await saveNext(page, '3. 事業所詳細情報');
    await field(page, '従業員数（就業場所）').fill('20');
    await field(page, '事業内容').fill('事務用品の卸売および通信販売を行っています。');
    await saveNext(page, '4. 事業所就業場所情報');
    await field(page, '就業場所は事業所の所在地と同じ').check();
    await field(page, '最寄り駅').fill('東京駅');
    await saveNext(page, '5. 事業所PR情報（任意）');
    await nav.getByRole('link', { name: '申込み内容の確認・申込み' }).click();
    await page.getByRole('button', { name: '申込み', exact: true }).click();
    await heading(page, '事業所情報の仮登録完了');

    // 不受理 with the office's reason: the home says so; the screen shows the reason,
    // that no MyPage is opened from it, whom to ask, and a way to start again.
    const reason = '所在地に事業所の実態が確認できませんでした。';
    await office('reject', rejectedName, reason);
    await page.getByRole('link', { name: 'ホーム（求人／応募管理）' }).first().click();
    await heading(page, '求人者マイページホーム');
    await page.getByText('事業所情報：受理されませんでした').waitFor();
    await page.getByRole('link', { name: '事業所情報の仮登録へ進む' }).click();
    await heading(page, '事業所情報の仮登録');
    await page.getByText('事業所情報の申込みは受理されませんでした（不受理）').waitFor();
    await page.getByText(reason).waitFor();
    await page.getByText('この申込みでは求人者マイページは開設されず').waitFor();
    await page.getByText(/ハローワーク飯田橋（管轄のハローワーク）にお問い合わせください/).waitFor();
    await check(page, 'open1-est-rejected');
    await page.getByRole('button', { name: '事業所情報を新しく入力する' }).click();
    await page.getByRole('heading', { level: 2, name: '1. 企業基本情報' }).waitFor();
    assert.match(await nav.innerText(), /2\. 事業所基本情報\s*未入力/);
    assert.deepEqual(b.errors.filter((e) => !/status of 4\d\d/.test(e)), []);
  } finally {
    await b.context.close();
  }
});
