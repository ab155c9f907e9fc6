// Shared helpers of the browser tests (one file per area: mypage, postings, applicants,
// staff, ...). Each test file is run by its own TestE2E_Web_* function in gateway/e2e,
// which starts the stack and serves the inbox the employer reads mails from.
//
// Environment: BASE_URL, INBOX_URL, CHROMIUM, SCREENS_DIR (optional).
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through gateway/e2e: make test-web)`);
  return v;
};
export const BASE = env('BASE_URL');
export const INBOX = env('INBOX_URL');
export const CHROMIUM = env('CHROMIUM');
export const SCREENS = process.env.SCREENS_DIR ?? '';
export const PASSWORD = 'Kyujin#2026ok';
export const NEW_PASSWORD = 'Saitouroku#2026';
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

export const subjects = {
  provisional: 'アカウント仮登録完了通知',
  passwordRegistration: 'パスワード登録申込受付通知',
  reset: 'パスワード再登録申込受付通知',
  otp: 'ワンタイムパスワード通知',
};

const profiles = [];
after(async () => {
  for (const p of profiles) await rm(p, { recursive: true, force: true });
});
before(async () => {
  if (SCREENS) await mkdir(SCREENS, { recursive: true });
});

// openBrowser starts one browser with a fresh profile: a person's own device.
export async function openBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'hw-chromium-'));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: DESKTOP,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

// seen counts, per address and subject, the mails already read, so that each read
// takes the next new mail.
const seen = new Map();

// readMail opens the inbox in a new tab, waits for the next mail of subject to
// address, and returns what re captures in its text.
export async function readMail(context, address, subject, re) {
  const key = `${address}\n${subject}`;
  const n = seen.get(key) ?? 0;
  const tab = await context.newPage();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await tab.goto(`${INBOX}/?to=${encodeURIComponent(address)}`);
      const mails = tab.locator('article.mail').filter({ has: tab.getByRole('heading', { name: subject }) });
      if ((await mails.count()) > n) {
        const text = await mails.nth(n).locator('pre').innerText();
        seen.set(key, n + 1);
        const m = re.exec(text);
        assert.ok(m, `no match for ${re} in 「${subject}」:\n${text}`);
        return m[1];
      }
      if (Date.now() > deadline) assert.fail(`no new mail 「${subject}」 to ${address}`);
      await tab.waitForTimeout(300);
    }
  } finally {
    await tab.close();
  }
}
export const authKeyRe = /■認証キー\n\s*(\S+)/;
export const otpRe = /■ワンタイムパスワード\n\s*([0-9]+)/;

// check runs axe-core on the screen as it is (no serious or critical violation) and,
// for make screens, photographs it on a desktop and on a phone.
export async function check(page, name) {
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe on ${name}`,
  );
  if (SCREENS) {
    await page.screenshot({ path: join(SCREENS, `${name}-desktop.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SCREENS, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize(DESKTOP);
  }
}

// field finds an input by its label as a screen reader announces it (a required
// field's label ends with 必須).
export function field(page, label) {
  const esc = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${esc}(\\s*必須)?$`));
}

export async function heading(page, name) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

// focusedIs asserts that the focus is on the element matched by selector.
export async function focusedIs(page, selector, what) {
  await page.waitForFunction((s) => document.activeElement?.matches(s), selector);
  assert.ok(await page.evaluate((s) => document.activeElement?.matches(s), selector), what);
}

export async function signInPassword(page, email, password) {
  await field(page, 'ログインID(メールアドレス)').fill(email);
  await field(page, 'パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

// signInWithOtp signs in through ワンタイムパスワード入力, reading the mail; skip ticks
// the LOGIN-3 checkbox and confirms it.
export async function signInWithOtp(b, email, password, { skip = false, snap = '' } = {}) {
  const { page, context } = b;
  await signInPassword(page, email, password);
  await heading(page, 'ワンタイムパスワード入力');
  const otp = await readMail(context, email, subjects.otp, otpRe);
  if (snap) {
    // A wrong one-time password first: the server's message is shown on the field.
    const wrong = (otp[0] === '0' ? '1' : '0') + otp.slice(1);
    await field(page, 'ワンタイムパスワード').fill(wrong);
    await page.getByRole('button', { name: '送信', exact: true }).click();
    await page.locator('#one_time_password-error').waitFor();
    assert.match(await page.locator('#one_time_password-error').innerText(), /ワンタイムパスワードが正しくありません/);
    await check(page, `${snap}-otp-error`);
  }
  await field(page, 'ワンタイムパスワード').fill(otp);
  if (skip) {
    await page.getByLabel('次回以降、同じ端末・ブラウザでログインする際にワンタイムパスワードを省略する').check();
    if (snap) await check(page, `${snap}-otp`);
    await page.getByRole('button', { name: '送信', exact: true }).click();
    await heading(page, 'ワンタイムパスワード入力省略の確認');
    assert.match(await page.locator('main').innerText(), /90日間有効/);
    if (snap) await check(page, `${snap}-otp-skip-confirm`);
    await page.getByRole('button', { name: 'OK' }).click();
  } else {
    await page.getByRole('button', { name: '送信', exact: true }).click();
  }
}

// passwordWithKey fills a パスワード登録 / パスワード再登録 screen.
export async function passwordWithKey(page, key, password, label) {
  await field(page, `${label}(半角数字、英字、記号のすべてを含む8文字以上32文字以内)`).fill(password);
  await field(page, `${label}(確認用)`).fill(password);
  await field(page, '認証キー').fill(key);
  await page.getByRole('button', { name: '完了' }).click();
}

export function uniqueEmail(prefix) {
  return `${prefix}-${Date.now() % 1e7}-${Math.floor(Math.random() * 1e4)}@example.co.jp`;
}

// markRead counts n mails of subject to address as already read (by another reader,
// e.g. the Go test that set up the account), so that readMail takes the next one.
export function markRead(address, subject, n) {
  const key = `${address}\n${subject}`;
  seen.set(key, (seen.get(key) ?? 0) + n);
}

// skipMails marks the mails of subject to address already in the inbox as read, so
// that the next readMail waits for a new one (an address the Go fixtures already used,
// e.g. an OTP of a sign-in done through the REST API).
export async function skipMails(context, address, subject) {
  const tab = await context.newPage();
  try {
    await tab.goto(`${INBOX}/?to=${encodeURIComponent(address)}`);
    const n = await tab.locator('article.mail').filter({ has: tab.getByRole('heading', { name: subject }) }).count();
    const key = `${address}\n${subject}`;
    seen.set(key, Math.max(seen.get(key) ?? 0, n));
  } finally {
    await tab.close();
  }
}
