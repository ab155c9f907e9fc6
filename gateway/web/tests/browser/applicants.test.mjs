// Browser tests of the employer's applicant, message and seeker-search screens (APP-1,
// APP-2, APP-4, MSG-1, SEEK-1), run by TestE2E_Web_Applicants (gateway/e2e/
// web_applicants_test.go), which opens the establishment with one submitted posting
// and serves FIXTURES_URL for the office's and the seeker portal's steps: POST /publish
// (staff accept and publish the posting and refer demo seeker 2 at the counter),
// /apply (demo seeker 1 self-applies), /reply (seeker 1 answers a message).
//
// Environment: BASE_URL, INBOX_URL, CHROMIUM, FIXTURES_URL, EMPLOYER_EMAIL,
// POSTING_ID, APPLICANT_NAME, REFERRED_NAME, ONLINE_REFERRED_NAME, SCREENS_DIR (optional).
// The second test continues the story with the fixtures /online-referral,
// /direct-requests, /invalidate and /backdate (see the Go test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, BASE, PASSWORD, subjects, otpRe, openBrowser, readMail, check, field, heading, focusedIs, signInWithOtp } from './lib.mjs';

const FIXTURES = env('FIXTURES_URL');
const EMAIL = env('EMPLOYER_EMAIL');
const POSTING = env('POSTING_ID');
const APPLICANT = env('APPLICANT_NAME');
const REFERRED = env('REFERRED_NAME');
const ONLINE_REFERRED = env('ONLINE_REFERRED_NAME');

async function fixture(path) {
  const res = await fetch(`${FIXTURES}${path}`, { method: 'POST' });
  const text = await res.text();
  assert.ok(res.ok, `fixture ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function menu(page, name, title) {
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true }).click();
  await heading(page, title);
}

// requestRefused sends a 直接リクエスト of the posting from url through its confirmation
// and expects the server's refusal back on the form, the message kept.
async function requestRefused(page, url, message, refusal, snap) {
  await page.goto(url);
  await heading(page, '直接リクエスト');
  await page.getByRole('radio', { name: /一般事務/ }).check();
  await field(page, 'メッセージ').fill(message);
  await page.getByRole('button', { name: '確認へ進む' }).click();
  await heading(page, '直接リクエスト確認');
  await page.getByRole('button', { name: '送信する' }).click();
  await heading(page, '直接リクエスト');
  await page.getByRole('alert').filter({ hasText: refusal }).waitFor();
  assert.equal(await field(page, 'メッセージ').inputValue(), message);
  await check(page, snap);
}

// The detail screens of the counter-referred and the self-applied applicants, for the
// second test.
let referredURL = '';
let detailURL = '';

test('応募者管理, 紹介状, メッセージ, 選考結果登録 and 求職情報検索 with 直接リクエスト', async () => {
  const b = await openBrowser();
  const { page, errors } = b;
  try {
    // The setup signed the employer in once over REST: its one-time password mail is
    // already in the inbox, so the next one read is this sign-in's.
    await readMail(b.context, EMAIL, subjects.otp, otpRe);
    await page.goto(`${BASE}/login`);
    await signInWithOtp(b, EMAIL, PASSWORD);
    await heading(page, '求人者マイページホーム');

    // SEEK-1: no valid posting yet, so the search is refused with the server's words.
    await menu(page, '求職情報検索', '求職情報検索');
    await page.getByRole('alert').filter({ hasText: '求職情報検索は、有効中の求人がある場合に利用できます。' }).waitFor();
    await check(page, 'applicants-seekers-refused');

    // APP-1: the list is empty before anyone applies.
    await menu(page, '応募者管理', '応募者管理');
    await page.getByText('応募者はまだいません。').waitFor();
    await check(page, 'applicants-list-empty');

    // The office publishes the posting and refers demo seeker 2 at the counter.
    // The home's posting card leads to the posting's applicants (応募者管理へ進む).
    await fixture('/publish');
    await menu(page, 'ホーム（求人／応募管理）', '求人者マイページホーム');
    await page.getByRole('link', { name: '応募者管理へ進む' }).click();
    await page.waitForURL(`**/postings/${POSTING}/applicants`);
    await heading(page, '応募者管理');
    await page.getByRole('heading', { level: 3, name: REFERRED }).waitFor();
    assert.match(await page.locator('main').innerText(), /窓口紹介/);

    // Demo seeker 1 self-applies (APP-4); the list shows both, newest first.
    await fixture('/apply');
    await page.reload();
    await heading(page, '応募者管理');
    await page.getByRole('heading', { level: 3, name: APPLICANT }).waitFor();
    const names = await page.getByRole('heading', { level: 3 }).allInnerTexts();
    assert.deepEqual(names, [APPLICANT, REFERRED]);
    await check(page, 'applicants-list');

    // Filters: channel and 選考結果未登録.
    await page.getByLabel('窓口紹介', { exact: true }).check();
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL(/channel=CHANNEL_COUNTER_REFERRAL/);
    await page.getByRole('heading', { level: 3, name: APPLICANT }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 3, name: REFERRED }).waitFor();
    assert.deepEqual(await page.getByRole('heading', { level: 3 }).allInnerTexts(), [REFERRED]);

    // APP-1: the referred applicant's detail and its 紹介状.
    await page.getByRole('link', { name: `${REFERRED}さんの応募者情報詳細` }).click();
    await heading(page, '応募者情報詳細');
    await focusedIs(page, 'h1', 'the focus moves to the new screen');
    referredURL = page.url();
    const toggle = page.getByRole('button', { name: '紹介状を表示' });
    await toggle.click();
    assert.equal(await page.getByRole('button', { name: '紹介状を閉じる' }).getAttribute('aria-expanded'), 'true');
    const letter = await page.locator('#letter-body').innerText();
    for (const want of ['ハローワーク飯田橋', '一般事務', REFERRED, '面接', '本社 3階会議室', '履歴書、職務経歴書', /令和\d+年/]) {
      assert.match(letter, want instanceof RegExp ? want : new RegExp(want), `紹介状 shows ${want}`);
    }
    assert.match(await page.locator('main').innerText(), /応募時の求人内容（第1版）/);
    await check(page, 'applicants-detail-letter');

    // APP-4: the self-applicant's detail with the motivation, via the list's filter.
    await page.goto(`${BASE}/applicants?channel=CHANNEL_ONLINE_SELF&pending=1`);
    await heading(page, '応募者管理');
    await page.getByRole('heading', { level: 3, name: APPLICANT }).waitFor();
    assert.deepEqual(await page.getByRole('heading', { level: 3 }).allInnerTexts(), [APPLICANT]);
    await page.getByRole('link', { name: `${APPLICANT}さんの応募者情報詳細` }).click();
    await heading(page, '応募者情報詳細');
    await page.getByRole('heading', { name: '志望動機' }).waitFor();
    assert.match(await page.locator('main').innerText(), /事務の経験を活かしたいと考え応募しました。/);
    assert.equal(await page.getByRole('button', { name: '紹介状を表示' }).count(), 0, 'a self-application has no 紹介状');
    await check(page, 'applicants-detail-self');
    detailURL = page.url();

    // MSG-1: an empty message is refused on the field; a message is sent with its counter.
    await page.getByRole('link', { name: /^メッセージを表示/ }).click();
    await heading(page, `${APPLICANT}さんとのメッセージ`);
    await page.getByText('まだメッセージはありません。').waitFor();
    await page.getByRole('button', { name: '送信する' }).click();
    await page.locator('#body-error').waitFor();
    assert.match(await page.locator('#body-error').innerText(), /メッセージを入力してください。/);
    const message = '面接の日程についてご相談です。来週火曜日はいかがでしょうか。';
    await field(page, 'メッセージ').fill(message);
    assert.equal(await page.locator('#body-counter').innerText(), `${[...message].length}／2,000文字`);
    await check(page, 'applicants-thread-compose');
    await page.getByRole('button', { name: '送信する' }).click();
    await page.getByRole('status').filter({ hasText: 'メッセージを送信しました。' }).waitFor();
    await page.locator('main ol').getByText(message).waitFor();
    assert.equal(await field(page, 'メッセージ').inputValue(), '', 'the sent message leaves the field');

    // The seeker answers: the メッセージ list marks the thread unread, the thread shows it.
    await fixture('/reply');
    await menu(page, 'ホーム（求人／応募管理）', '求人者マイページホーム');
    await page.getByText('新着メッセージ 1件').waitFor();
    await menu(page, 'メッセージ', 'メッセージ');
    await page.getByText('未読 1件').waitFor();
    await check(page, 'applicants-messages');
    await page.getByRole('link', { name: `${APPLICANT}さんとのメッセージ` }).click();
    await heading(page, `${APPLICANT}さんとのメッセージ`);
    await page.getByText('ご連絡ありがとうございます。面接の日程、承知しました。').waitFor();
    await check(page, 'applicants-thread');

    // APP-2: 採用 needs the 相違 answer; with 「あり」 its detail; confirm; registered.
    await page.goto(detailURL);
    await heading(page, '応募者情報詳細');
    await page.getByRole('link', { name: 'ハローワークへ選考結果を登録' }).waitFor();
    assert.match(await page.locator('main').innerText(), /求人有効中（求人無効後の翌々々月末まで登録できます）/);
    await page.getByRole('link', { name: 'ハローワークへ選考結果を登録' }).click();
    await heading(page, '選考結果登録');
    await page.getByLabel('採用', { exact: true }).check();
    await page.getByRole('button', { name: '確認へ進む' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    await focusedIs(page, '[role=alert]', 'the error summary has the focus');
    assert.match(await summary.innerText(), /求人票の労働条件と採用条件の相違を選択してください。/);
    await page.getByLabel('あり', { exact: true }).check();
    await page.getByRole('button', { name: '確認へ進む' }).click();
    await page.locator('#mismatch_detail-error').waitFor();
    await check(page, 'applicants-result-errors');
    await field(page, '相違の内容').fill('就業時間を9:00〜18:00から9:30〜18:30に変更しました。');
    const hire = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.locator('#hire_date').fill(hire);
    await page.getByLabel('雇用形態').selectOption({ label: '正社員' });
    await page.getByRole('button', { name: '確認へ進む' }).click();
    await heading(page, '選考結果登録確認');
    await page.getByRole('button', { name: '登録する' }).waitFor();
    const confirm = await page.locator('main').innerText();
    assert.match(confirm, /採用/);
    assert.match(confirm, /あり：就業時間を9:00〜18:00から9:30〜18:30に変更しました。/);
    assert.match(confirm, /正社員/);
    await check(page, 'applicants-result-confirm');
    // 戻る keeps what was typed.
    await page.getByRole('button', { name: '戻る' }).click();
    await heading(page, '選考結果登録');
    assert.equal(await field(page, '相違の内容').inputValue(), '就業時間を9:00〜18:00から9:30〜18:30に変更しました。');
    await page.getByRole('button', { name: '確認へ進む' }).click();
    await heading(page, '選考結果登録確認');
    await page.getByRole('button', { name: '登録する' }).click();
    await heading(page, '応募者情報詳細');
    await page.getByRole('status').filter({ hasText: '選考結果を登録し、ハローワークへ連絡しました。' }).waitFor();
    await page.getByRole('link', { name: '選考結果を訂正' }).waitFor();
    assert.match(await page.locator('main').innerText(), /あり：就業時間を9:00〜18:00から9:30〜18:30に変更しました。/);
    await check(page, 'applicants-detail-hired');

    // A correction starts from the result in force; the history keeps both.
    await page.getByRole('link', { name: '選考結果を訂正' }).click();
    await heading(page, '選考結果訂正');
    await page.locator('#decision:checked').waitFor(); // 採用, from the result in force
    await page.getByLabel('なし', { exact: true }).check();
    await page.getByRole('button', { name: '確認へ進む' }).click();
    await heading(page, '選考結果訂正確認');
    await page.getByRole('button', { name: '登録する' }).click();
    await heading(page, '応募者情報詳細');
    await page.getByRole('status').filter({ hasText: '選考結果を訂正し、ハローワークへ連絡しました。' }).waitFor();
    await page.getByText('登録・訂正の履歴（2件）').click();
    assert.match(await page.locator('details').innerText(), /訂正（第2版）[\s\S]*登録（第1版）|登録（第1版）[\s\S]*訂正（第2版）/);

    // The home counts the hire (LOGIN-6); the list shows the applicant hired and
    // 選考結果未登録 leaves them out.
    await menu(page, 'ホーム（求人／応募管理）', '求人者マイページホーム');
    await page.getByRole('row', { name: /^一般/ }).getByText('1人').waitFor();
    await menu(page, '応募者管理', '応募者管理');
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: APPLICANT }) });
    assert.match(await card.innerText(), /採用/);
    await page.getByLabel('選考結果未登録の応募者のみ').check();
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL(/pending=1/);
    await page.getByRole('heading', { level: 3, name: APPLICANT }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 3, name: REFERRED }).waitFor();
    assert.deepEqual(await page.getByRole('heading', { level: 3 }).allInnerTexts(), [REFERRED]);

    // SEEK-1: the search finds the demo seekers (no names), the detail names the office.
    await menu(page, '求職情報検索', '求職情報検索');
    await page.getByLabel('希望勤務地（都道府県）').selectOption({ label: '東京都' });
    await field(page, 'キーワード').fill('事務');
    await page.getByRole('button', { name: '検索する' }).click();
    await page.waitForURL(/keyword=/);
    await page.getByRole('link', { name: '求職者1の求職情報詳細' }).waitFor();
    // The result cards are complete (not a loading state) before the page is read.
    await page.locator('main').getByText('一般事務').first().waitFor();
    await page.getByText('読み込み中です…').waitFor({ state: 'detached' });
    const results = await page.locator('main').innerText();
    for (const secret of [APPLICANT, REFERRED, '090-0000-', 'demo-seeker-', '九段南', '1990']) {
      assert.ok(!results.includes(secret), `the search result shows ${secret}`);
    }
    assert.match(results, /一般事務/);
    await check(page, 'applicants-seekers');
    await page.getByRole('link', { name: '求職者1の求職情報詳細' }).click();
    await heading(page, '求職情報詳細');
    await page.getByRole('heading', { name: 'お問い合わせ先ハローワーク' }).waitFor();
    assert.match(await page.locator('main').innerText(), /ハローワーク飯田橋/);
    await check(page, 'applicants-seeker-detail');

    // 直接リクエスト: choose the posting, write a message, confirm; sent, 9 left.
    await page.getByRole('link', { name: '直接リクエストを送る' }).click();
    await heading(page, '直接リクエスト');
    await page.getByRole('button', { name: '確認へ進む' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /求人を選択してください。[\s\S]*メッセージを入力してください。/);
    await page.getByRole('radio', { name: /一般事務/ }).check();
    await field(page, 'メッセージ').fill('ご経験を拝見しました。ぜひご応募ください。');
    await check(page, 'applicants-direct-request');
    const requestURL = page.url();
    await page.getByRole('button', { name: '確認へ進む' }).click();
    await heading(page, '直接リクエスト確認');
    await page.locator('main dd').filter({ hasText: '一般事務' }).waitFor();
    assert.match(await page.locator('main').innerText(), /一般事務[\s\S]*ご経験を拝見しました。ぜひご応募ください。/);
    await check(page, 'applicants-direct-request-confirm');
    await page.getByRole('button', { name: '送信する' }).click();
    await heading(page, '求職情報詳細');
    await page.getByRole('status').filter({ hasText: '直接リクエストを送信しました。この求人で直接リクエストを送信できるのは、あと9人です。' }).waitFor();

    // MSG-1: the request's thread under メッセージ, its own message first; a follow-up.
    await menu(page, 'メッセージ', 'メッセージ');
    await page.getByRole('link', { name: /一般事務の直接リクエスト/ }).click();
    await heading(page, '直接リクエストのメッセージ');
    await page.locator('main ol').getByText('ご経験を拝見しました。ぜひご応募ください。').waitFor();
    await field(page, 'メッセージ').fill('ご不明な点があればお気軽にお尋ねください。');
    await page.getByRole('button', { name: '送信する' }).click();
    await page.getByRole('status').filter({ hasText: 'メッセージを送信しました。' }).waitFor();
    await page.locator('main ol').getByText('ご不明な点があればお気軽にお尋ねください。').waitFor();
    await check(page, 'applicants-direct-request-thread');

    // Once per seeker and posting: the server's refusal, with what was typed kept.
    await requestRefused(page, requestURL, '再送です。', 'この求職者にはすでにこの求人の直接リクエストを送信しています。', 'applicants-direct-request-refused');

    assert.deepEqual(errors.filter((e) => !/status of 4\d\d/.test(e)), [], 'no console error besides the refusals');
  } finally {
    await b.context.close();
  }
});

test('オンラインハローワーク紹介, the 11th 直接リクエスト, a read-only thread and a result after its deadline', async () => {
  assert.ok(referredURL && detailURL, 'the first test ran');
  const b = await openBrowser();
  const { page, errors } = b;
  try {
    await page.goto(`${BASE}/login`);
    await signInWithOtp(b, EMAIL, PASSWORD);
    await heading(page, '求人者マイページホーム');

    // The screens are lazy chunks (docs/web.md, code splitting). While a deep link's
    // chunk downloads the screen says so in a live region, under the menu; a chunk that
    // fails to load shows the error with 再読み込み, which recovers.
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/assets/applicants-*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${BASE}/applicants`, { waitUntil: 'domcontentloaded' });
    const loading = page.getByRole('status').filter({ hasText: '読み込み中です…' });
    await loading.waitFor();
    assert.equal(await page.locator('[aria-busy="true"]').filter({ has: loading }).count(), 1, 'the loading frame is aria-busy');
    await page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    release();
    await heading(page, '応募者管理');
    await page.unroute('**/assets/applicants-*.js');
    const before = errors.length;
    await page.route('**/assets/wizard-*.js', (route) => route.abort());
    await page.goto(`${BASE}/postings/new`);
    await heading(page, '画面を読み込めませんでした');
    await page.getByRole('alert').filter({ hasText: '通信状況を確認し、画面を再読み込みしてください。' }).waitFor();
    await check(page, 'lazy-chunk-error');
    await page.unroute('**/assets/wizard-*.js');
    await page.getByRole('button', { name: '再読み込み' }).click();
    await heading(page, '新規求人情報を登録');
    // The aborted download and React's report of it are the expected console errors.
    assert.ok(errors.length > before, 'the failed chunk was reported');
    errors.splice(before);

    // APP-4: the office offers the posting to a 利用登録者, who applies online; the list
    // shows the channel, and its filter finds only them.
    await fixture('/online-referral');
    await menu(page, '応募者管理', '応募者管理');
    await page.getByLabel('オンラインハローワーク紹介', { exact: true }).check();
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL(/channel=CHANNEL_ONLINE_REFERRAL/);
    await page.getByRole('heading', { level: 3, name: ONLINE_REFERRED }).waitFor();
    assert.deepEqual(await page.getByRole('heading', { level: 3 }).allInnerTexts(), [ONLINE_REFERRED]);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: ONLINE_REFERRED }) });
    assert.match(await card.innerText(), /オンラインハローワーク紹介/);
    await check(page, 'applicants-online-referral');
    await page.getByRole('link', { name: `${ONLINE_REFERRED}さんの応募者情報詳細` }).click();
    await heading(page, '応募者情報詳細');
    await page.getByRole('heading', { level: 2, name: ONLINE_REFERRED }).waitFor();
    assert.match(await page.locator('main').innerText(), /応募経路\s*オンラインハローワーク紹介/);
    assert.match(await page.locator('main').innerText(), /ハローワークから紹介を受けて応募しました。/);

    // SEEK-1: with ten requests sent for the posting, the 11th is refused with the
    // server's words, what was typed kept.
    const { seeker_ref: ref } = await fixture('/direct-requests');
    await requestRefused(
      page,
      `${BASE}/seekers/${encodeURIComponent(ref)}/request`,
      '11人目へのリクエストです。',
      '直接リクエストは1つの求人につき10人まで送信できます。',
      'applicants-direct-request-limit',
    );

    // MSG-1: once the posting is invalid (募集停止 accepted), the thread is read-only:
    // the messages stay, no send form, a notice says why. A reload of this lazy
    // screen's deep link shows it again.
    await fixture('/invalidate');
    await page.goto(`${detailURL}/messages`);
    await heading(page, `${APPLICANT}さんとのメッセージ`);
    await page.getByText('このメッセージは閲覧のみできます').waitFor();
    await page.locator('main ol').getByText('ご連絡ありがとうございます。面接の日程、承知しました。').waitFor();
    assert.equal(await page.getByRole('button', { name: '送信する' }).count(), 0, 'no send button');
    assert.equal(await page.getByLabel('メッセージ').count(), 0, 'no message field');
    assert.match(await page.locator('main').innerText(), /この求人は無効になったため/);
    await page.reload();
    await heading(page, `${APPLICANT}さんとのメッセージ`);
    await page.getByText('このメッセージは閲覧のみできます').waitFor();
    await check(page, 'applicants-thread-read-only');

    // APP-2: after 翌々々月末 of the invalidation the detail names the office to phone,
    // and a result is refused with the server's message naming the office.
    await fixture('/backdate');
    await page.goto(referredURL);
    await heading(page, '応募者情報詳細');
    await page.getByText(/翌々々月末を過ぎたため、求人者マイページからはハローワークへ選考結果を登録できません。/).waitFor();
    assert.match(await page.locator('main').innerText(), /ハローワーク飯田橋に直接ご連絡ください。/);
    await page.getByRole('link', { name: 'ハローワークへ選考結果を登録' }).click();
    await heading(page, '選考結果登録');
    await page.getByLabel('不採用', { exact: true }).check();
    await page.getByRole('button', { name: '確認へ進む' }).click();
    await heading(page, '選考結果登録確認');
    await page.getByRole('button', { name: '登録する' }).click();
    await heading(page, '選考結果登録');
    const refusal = page.getByRole('alert').filter({ hasText: '求人無効後の翌々々月末' });
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /を過ぎたため、求人者マイページから選考結果を登録できません。選考結果はハローワーク飯田橋に直接ご連絡ください。/);
    assert.equal(await page.getByLabel('不採用', { exact: true }).isChecked(), true, 'what was chosen is kept');
    await check(page, 'applicants-result-deadline-passed');

    assert.deepEqual(errors.filter((e) => !/status of 4\d\d/.test(e)), [], 'no console error besides the refusals');
  } finally {
    await b.context.close();
  }
});
