import { useEffect } from 'react';
import { HomePage } from '../home/HomePage.tsx';
import { SignInPage } from '../sign-in/SignInPage.tsx';
import { navigate, usePathname } from './navigation.ts';
import { hrefs, parseRoute } from './routes.ts';
import { loadSession, useSession } from './session-store.ts';
import { AppHeader } from './AppHeader.tsx';
import { PageMessage } from '../kit/PageMessage.tsx';
import { ChunkBoundary } from '../kit/ChunkBoundary.tsx';
import { retryingLazy } from '../kit/retrying-lazy.ts';

// The editor (Yjs, the sync provider, panels, Tiptap) loads only when a draft is opened.
const DraftEditorPage = retryingLazy(() => import('../draft/DraftEditorPage.tsx'));
// Version history and the diff view (the diff core and jsdiff) load only on their pages.
const VersionHistoryPage = retryingLazy(() => import('../versions/VersionHistoryPage.tsx'));
const DiffPage = retryingLazy(() => import('../diff/DiffPage.tsx'));
const MembersPage = retryingLazy(() => import('../members/MembersPage.tsx'));

export function App() {
  const route = parseRoute(usePathname());
  const session = useSession();

  useEffect(() => {
    void loadSession();
  }, []);

  if (route.name === 'sign-in') return <SignInPage />;
  if (session.status === 'loading') return <PageMessage title="Loading…" busy />;
  if (session.status === 'unreachable') {
    return (
      <PageMessage title="Tierline cannot reach its server" detail={session.message}>
        <button type="button" className="button button--primary" onClick={() => void loadSession()}>
          Try again
        </button>
      </PageMessage>
    );
  }
  if (session.status === 'signed-out')
    return <SignInPage {...(session.message ? { notice: session.message } : {})} />;

  if (route.name === 'home') return <HomePage member={session.member} />;
  if (route.name === 'draft') {
    return (
      <ChunkBoundary fallback={<PageMessage title="Opening the draft…" busy />}>
        <DraftEditorPage
          key={route.draftId}
          draftId={route.draftId}
          member={session.member}
          view={route.view ?? 'editor'}
        />
      </ChunkBoundary>
    );
  }
  if (route.name === 'members') {
    return (
      <ChunkBoundary fallback={<PageMessage title="Loading…" busy />}>
        <MembersPage member={session.member} />
      </ChunkBoundary>
    );
  }
  if (route.name === 'versions' || route.name === 'diff') {
    return (
      <ChunkBoundary fallback={<PageMessage title="Loading…" busy />}>
        {route.name === 'versions' ? (
          <VersionHistoryPage key={route.standardId} standardId={route.standardId} member={session.member} />
        ) : (
          <DiffPage key={route.standardId} standardId={route.standardId} member={session.member} />
        )}
      </ChunkBoundary>
    );
  }
  return (
    <div className="page">
      <AppHeader member={session.member} />
      <PageMessage title="Nothing here" detail={`There is no page at ${route.path}.`}>
        <button type="button" className="button button--primary" onClick={() => navigate(hrefs.home)}>
          Go to your standards
        </button>
      </PageMessage>
    </div>
  );
}
