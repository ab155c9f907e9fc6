import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Notice } from '../components/Form';
import { Page } from '../components/Page';

// DonePage closes a step and leads to the login screen.
export function DonePage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Page title={title}>
      <Notice tone="success">{children}</Notice>
      <Link
        to="/login"
        className="text-std-16B-175 inline-flex min-h-12 items-center rounded-8 bg-blue-900 px-6 py-2 text-white no-underline hover:bg-blue-1000 hover:text-white hover:underline"
      >
        ログイン画面へ進む
      </Link>
    </Page>
  );
}
