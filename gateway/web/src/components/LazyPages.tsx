import { Component, lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { Button } from './Button';

// Route-level code splitting (docs/web.md): main.tsx imports the login screen at once
// and every other screen module through lazyPages, so the login page downloads only
// what it needs; vite.config.ts groups the lazy modules into one chunk per area
// (staff, the section wizards, applicants). Vite's preload helper loads a chunk and
// its CSS as files from /assets/ (no inline script: the CSP stays strict).

// lazyPages turns the named exports of one screen module into lazy components under
// the same names, so a route reads as before: <Route element={<HomePage />} />.
// React.lazy wants a default export; the module is fetched once however many names
// are taken from it.
type LazyOf<C> = C extends ComponentType<infer P> ? LazyExoticComponent<ComponentType<P>> : never;

export function lazyPages<M, K extends keyof M & string>(load: () => Promise<M>, ...names: K[]): { [P in K]: LazyOf<M[P]> } {
  const out: Partial<Record<K, unknown>> = {};
  for (const name of names) {
    out[name] = lazy(() => load().then((m) => ({ default: m[name] as ComponentType<unknown> })));
  }
  return out as { [P in K]: LazyOf<M[P]> };
}

// PageLoading is what a screen shows while its chunk downloads (a deep link or a
// reload of a lazy screen; navigations keep the previous screen until the next is
// ready): a live region that screen readers announce, in the layout of a screen.
export function PageLoading() {
  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-6 md:px-6 md:py-10" aria-busy="true">
      <p role="status" aria-live="polite" className="text-std-16N-175 text-solid-gray-700">
        読み込み中です…
      </p>
    </div>
  );
}

// ChunkError catches a chunk that failed to load (the network dropped, or a new
// release replaced the hashed files while this tab ran the old index.html) and
// offers a reload, which fetches the current index.html (never cached).
// It clears when the user navigates elsewhere.
class ChunkError extends Component<{ children: ReactNode; path: string }, { failed: boolean; path: string }> {
  override state = { failed: false, path: this.props.path };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  static getDerivedStateFromProps(props: { path: string }, state: { failed: boolean; path: string }) {
    return props.path === state.path ? null : { failed: false, path: props.path };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="mx-auto w-full max-w-3xl px-4 py-6 md:px-6 md:py-10">
        <h1 className="text-std-28B-150 md:text-std-32B-150 mb-4">画面を読み込めませんでした</h1>
        <div role="alert" className="text-std-16N-175 mb-6 rounded-8 border-l-8 border-yellow-700 bg-yellow-50 p-4">
          <p>通信状況を確認し、画面を再読み込みしてください。</p>
          <Button variant="secondary" className="mt-3" onClick={() => window.location.reload()}>
            再読み込み
          </Button>
        </div>
      </div>
    );
  }
}

// PageSuspense wraps the routes (and a signed-in layout's Outlet, so its menu stays
// while a screen loads).
export function PageSuspense({ children }: { children: ReactNode }) {
  return (
    <ChunkError path={useLocation().pathname}>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </ChunkError>
  );
}
