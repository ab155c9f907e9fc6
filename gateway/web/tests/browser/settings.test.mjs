// 事業所情報・設定 in a real browser (run by TestE2E_Web_Settings in gateway/e2e): ACC-1,
// ACC-2 (what an additional account cannot see; the 11th account refused), ACC-3 with
// its refusal and ACC-4, EST-1 and IMG-1. Every screen is checked with axe and, with
// SCREENS_DIR, photographed (prefix settings-).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE,
  NEW_PASSWORD,
  PASSWORD,
  authKeyRe,
  check,
  env,
  field,
  heading,
  openBrowser,
  readMail,
  signInWithOtp,
  skipMails,
  subjects,
  uniqueEmail,
} from './lib.mjs';

const EMAIL = env('SETTINGS_EMAIL');
const EXTRA = env('SETTINGS_EXTRA_EMAIL');
const NAME = env('SETTINGS_NAME');
const FIXTURES = env('FIXTURES_URL');
const menu = (page) => page.getByRole('navigation', { name: 'メインメニュー' });
const pageErrors = (b) => b.errors.filter((e) => !/status of 4\d\d/.test(e));

test('ACC-2: an additional account sees neither アカウントを編集 nor マイページを退会', async () => {
  const b = await openBrowser();
  const { page, context } = b;
  try {
    await page.goto(`${BASE}/login`);
    await signInWithOtp(b, EXTRA, PASSWORD);
    await heading(page, '求人者マイページホーム');
    await menu(page).getByRole('link', { name: '各種設定' }).click();
    await heading(page, '各種設定');
    await page.getByRole('heading', { name: 'ログインアカウント' }).waitFor();
    assert.match(await page.locator('main').innerText(), new RegExp(EXTRA.replace(/[.+]/g, '\\$&')));
    assert.equal(await page.getByRole('link', { name: 'マイページを退会' }).count(), 0, 'withdrawal offered to an additional account');
    assert.equal(await page.getByRole('heading', { name: 'マイページ退会' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'アカウントを編集' }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: '追加アカウント一覧' }).count(), 0);
    await check(page, 'settings-additional');
    assert.deepEqual(pageErrors(b), []);
  } finally {
    await context.close();
  }
});

test('the primary account: 11th account refused, EST-1, IMG-1, ACC-3 refused then allowed after ACC-1, ACC-4 restore', async () => {
  const b = await openBrowser();
  const { page, context } = b;
  const newEmail = uniqueEmail('web-settings-new');
  try {
    await page.goto(`${BASE}/login`);
    await skipMails(context, EMAIL, subjects.otp); // the fixtures signed in through the API
    await signInWithOtp(b, EMAIL, PASSWORD);
    await heading(page, '求人者マイページホーム');

    // 各種設定 of the primary account.
    await menu(page).getByRole('link', { name: '各種設定' }).click();
    await heading(page, '各種設定');
    await page.getByRole('link', { name: 'アカウントを編集' }).waitFor();
    await page.getByRole('link', { name: 'マイページを退会' }).waitFor();
    await page.getByText('追加アカウントは最大10個までです。').waitFor();
    assert.equal(await page.getByRole('link', { name: 'アカウントを追加' }).count(), 0);
    await check(page, 'settings-primary-full');

    // ACC-2: the 11th account, typed at its address directly, is refused by the server.
    await page.goto(`${BASE}/settings/accounts/new`);
    await heading(page, 'ログインアカウント追加登録');
    const eleventh = uniqueEmail('web-settings-extra11');
    await field(page, 'メールアドレス').fill(eleventh);
    await field(page, 'メールアドレス(確認用)').fill(eleventh);
    await field(page, 'パスワード(半角数字、英字、記号のすべてを含む8文字以上32文字以内)').fill(NEW_PASSWORD);
    await field(page, 'パスワード(確認用)').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '次へ進む' }).click();
    await heading(page, 'ログインアカウント追加登録確認');
    await page.getByRole('button', { name: '完了' }).click();
    await heading(page, 'ログインアカウント追加登録');
    await page.getByRole('alert').getByText(/10/).waitFor();
    assert.equal(await field(page, 'メールアドレス').inputValue(), eleventh, 'what was typed is kept');
    await check(page, 'settings-account-limit');

    // EST-1: 事業所情報 and a change application.
    await menu(page).getByRole('link', { name: '事業所情報' }).click();
    await heading(page, '事業所情報');
    await page.getByText(NAME).first().waitFor();
    await page.getByText('変更申請はありません。').waitFor();
    await check(page, 'settings-establishment');
    await page.getByRole('link', { name: '事業所情報の変更を申請' }).click();
    await heading(page, '事業所情報の変更申請');
    await field(page, '事業所名').fill('');
    await field(page, '電話番号').fill('03-5555-0199');
    await page.getByRole('button', { name: '申請する' }).click();
    await page.locator('#name-error').getByText('事業所名を入力してください。').waitFor();
    await check(page, 'settings-establishment-change');
    await field(page, '事業所名').fill(`${NAME} 本社`);
    await page.getByRole('button', { name: '申請する' }).click();
    // Warnings to confirm, if the service has any for this profile, then the application.
    const applied = page.getByText('事業所情報の変更を申請しました。');
    await Promise.race([applied.waitFor(), page.getByRole('alert').waitFor()]);
    if (!(await applied.isVisible())) {
      await page.getByRole('button', { name: '申請する' }).click();
      await applied.waitFor();
    }
    await heading(page, '事業所情報');
    await page.getByText('ハローワーク確認中').waitFor();
    await page.getByText('ハローワークの確認待ちの変更申請があります。').waitFor();
    await check(page, 'settings-establishment-pending');

    // IMG-1: a file that is not an image is refused by the server on the file field; a
    // PNG is previewed, uploaded, listed under review and deleted.
    await page.getByRole('link', { name: '画像情報の登録・確認' }).click();
    await heading(page, '画像情報');
    await page.getByText('登録されている画像はありません。').waitFor();
    await check(page, 'settings-images');
    await page.getByLabel('画像ファイル').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(2 * 1024 * 1024 + 1) });
    await page.locator('#image-file-error').getByText('2MBまで').waitFor();
    await page.getByLabel('画像ファイル').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('これは画像ではありません') });
    await page.getByRole('button', { name: '登録する' }).click();
    await page.locator('#image-file-error').waitFor();
    await check(page, 'settings-images-refused');
    const png = Buffer.from(await (await fetch(`${FIXTURES}/image.png`)).arrayBuffer());
    await page.getByLabel('画像ファイル').setInputFiles({ name: 'gaikan.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('img', { name: '登録する画像のプレビュー' }).waitFor();
    await page.getByLabel('画像の説明').fill('外観');
    await check(page, 'settings-images-preview');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByText('画像「外観」を登録しました。').waitFor();
    await page.getByText('ハローワーク確認中(非公開)').waitFor();
    await page.getByRole('img', { name: '外観' }).waitFor();
    assert.ok(await page.getByRole('img', { name: '外観' }).evaluate((img) => img.complete && img.naturalWidth === 64), 'the uploaded image is shown');
    await check(page, 'settings-images-list');
    await page.getByRole('button', { name: '画像「外観」を削除' }).click();
    await page.getByRole('button', { name: '削除する' }).click();
    await page.getByText('画像「外観」を削除しました。').waitFor();
    await page.getByText('登録されている画像はありません。').waitFor();

    // ACC-3: refused while the self-application has no selection result.
    await menu(page).getByRole('link', { name: '各種設定' }).click();
    await heading(page, '各種設定');
    await page.getByRole('link', { name: 'マイページを退会' }).click();
    await heading(page, 'マイページ退会確認');
    await check(page, 'settings-withdraw');
    await field(page, '現在のパスワード').fill(PASSWORD);
    await page.getByRole('button', { name: '完了' }).click();
    await page.getByRole('alert').getByText(/選考結果/).waitFor();
    await check(page, 'settings-withdraw-refused');
    // The employer registers the result (the applicant screens are another area's).
    const r = await fetch(`${FIXTURES}/selection-result`, { method: 'POST' });
    assert.equal(r.status, 204, 'selection result fixture');

    // ACC-1: ログインアカウント編集. Nothing to change, then a wrong current password
    // (the server's answer on its field), then the new e-mail and password.
    await page.getByRole('link', { name: 'キャンセル' }).click();
    await heading(page, '各種設定');
    await page.getByRole('link', { name: 'アカウントを編集' }).click();
    await heading(page, 'ログインアカウント編集');
    await field(page, '現在のパスワード').fill(PASSWORD);
    await page.getByRole('button', { name: '次へ進む' }).click();
    await page.locator('#new_email-error').getByText('変更するメールアドレスまたはパスワードを入力してください。').waitFor();
    await check(page, 'settings-login-account');
    await field(page, '現在のパスワード').fill(PASSWORD + 'x');
    await field(page, '新しいメールアドレス').fill(newEmail);
    await field(page, '新しいメールアドレス(確認用)').fill(newEmail);
    await field(page, '新しいパスワード(半角数字、英字、記号のすべてを含む8文字以上32文字以内)').fill(NEW_PASSWORD);
    await field(page, '新しいパスワード(確認用)').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '次へ進む' }).click();
    await heading(page, 'ログインアカウント編集確認');
    await page.getByRole('button', { name: '完了' }).click();
    await heading(page, 'ログインアカウント編集');
    await page.locator('#current_password-error').waitFor();
    assert.equal(await field(page, '新しいメールアドレス').inputValue(), newEmail, 'what was typed is kept');
    await check(page, 'settings-login-account-error');
    await field(page, '現在のパスワード').fill(PASSWORD);
    await page.getByRole('button', { name: '次へ進む' }).click();
    await heading(page, 'ログインアカウント編集確認');
    assert.match(await page.locator('main').innerText(), new RegExp(newEmail.replace(/[.+]/g, '\\$&')));
    await check(page, 'settings-login-account-confirm');
    await page.getByRole('button', { name: '完了' }).click();
    await heading(page, '認証キーの入力(ログインアカウント変更)');
    await check(page, 'settings-login-account-key');
    const key = await readMail(context, newEmail, 'ログインアカウント変更申込受付通知', authKeyRe);
    await field(page, '認証キー').fill(key);
    await page.getByRole('button', { name: '完了' }).click();
    await heading(page, '各種設定');
    await page.getByRole('status').getByText(`ログインアカウントのメールアドレスを ${newEmail} に変更しました。`, { exact: false }).waitFor();

    // ACC-3: allowed now; the session ends.
    await page.getByRole('link', { name: 'マイページを退会' }).click();
    await heading(page, 'マイページ退会確認');
    await field(page, '現在のパスワード').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '完了' }).click();
    await heading(page, 'マイページ退会完了');
    await page.getByText('過去30日以内にマイページを退会した方', { exact: false }).waitFor();
    await check(page, 'settings-withdrawn');
    await page.goto(`${BASE}/settings`);
    await page.waitForURL('**/login?next=%2Fsettings**');

    // ACC-4: restore with the former (changed) e-mail and password.
    await page.getByRole('link', { name: 'アカウントを再登録' }).click();
    await heading(page, 'アカウントを再登録');
    await field(page, 'メールアドレス').fill(newEmail);
    await field(page, 'パスワード').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '次へ進む' }).click();
    await heading(page, 'アカウント再登録(認証キーの入力)');
    await check(page, 'settings-restore-key');
    const restoreKey = await readMail(context, newEmail, 'アカウント再登録通知', authKeyRe);
    await field(page, '認証キー').fill(restoreKey);
    await page.getByRole('button', { name: '完了' }).click();
    await heading(page, 'アカウント再登録完了');
    await check(page, 'settings-restore-done');
    await page.goto(`${BASE}/login`);
    await signInWithOtp(b, newEmail, NEW_PASSWORD);
    await heading(page, '求人者マイページホーム');
    await menu(page).getByRole('link', { name: '各種設定' }).click();
    await heading(page, '各種設定');
    // ACC-3 deleted the additional accounts; the restored primary account manages again.
    await page.getByText('追加アカウントはありません。').waitFor();
    assert.deepEqual(pageErrors(b), []);
  } finally {
    await context.close();
  }
});
