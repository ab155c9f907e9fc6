import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { PageSuspense } from './LazyPages';

// Layout is the frame of every screen: a skip link, the site header, the main
// landmark and the footer.
export function Layout({ children, nav }: { children: ReactNode; nav?: ReactNode }) {
  // The staff screens (/staff/...) are the office's, not the employer's MyPage.
  const staff = isStaffPath(useLocation().pathname);
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:bg-white focus:p-2"
      >
        本文へ移動
      </a>
      <header className="border-b border-solid-gray-420 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3 md:px-6">
          <Link to={staff ? '/staff' : '/'} className="text-solid-gray-900 no-underline hover:text-solid-gray-900">
            <span className="text-std-16N-175 block leading-tight text-solid-gray-700">HelloWork Internet Service</span>
            <span className="text-std-18B-160 md:text-std-20B-150 block">ハローワーク インターネットサービス</span>
          </Link>
          <span className="text-std-16B-175 rounded-4 bg-blue-50 px-2 py-1 text-blue-1000">{staff ? 'ハローワーク職員用' : '求人者マイページ'}</span>
        </div>
        {nav}
      </header>
      <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
        {/* The screens are lazy chunks (main.tsx): loading and failure show in the frame. */}
        <PageSuspense>{children}</PageSuspense>
      </main>
      <footer className="border-t border-solid-gray-420 bg-solid-gray-50">
        <div className="text-std-16N-175 mx-auto max-w-5xl px-4 py-4 text-solid-gray-700 md:px-6">
          <p>厚生労働省 職業安定局</p>
        </div>
      </footer>
    </div>
  );
}

// isStaffPath tells the office staff's screens (/staff, /staff/...) from the employer's.
export function isStaffPath(path: string): boolean {
  return path === '/staff' || path.startsWith('/staff/');
}
