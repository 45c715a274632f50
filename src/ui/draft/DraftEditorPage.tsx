import { useCallback, useEffect, useMemo, useRef } from 'react';
import { draftRoots } from '../../collab/draft-layout.ts';
import type { Member } from '../shell/api-client.ts';
import { ChunkBoundary } from '../kit/ChunkBoundary.tsx';
import { PageMessage } from '../kit/PageMessage.tsx';
import { forgetFailedChunks, retryingLazy } from '../kit/retrying-lazy.ts';
import { shallowEqual, useStoreSelection } from '../kit/use-store-selection.ts';
import { navigate, useLocationSearch } from '../shell/navigation.ts';
import { hrefs } from '../shell/routes.ts';
import { useImpactPanelOpen } from '../impact/impact-panel-state.ts';
import { Outline } from '../outline/Outline.tsx';
import './DraftEditorPage.css';
import { EditorContext, type EditorContextValue, focusWhenPresent } from './editor-context.ts';
import { EditorBanner } from './EditorBanner.tsx';
import { EditorTopBar } from './EditorTopBar.tsx';
import { type ConnectionState, hasDraft } from './connection-state.ts';
import { editorAccess } from './editor-access.ts';
import { criterionCode, editorSearch, parseEditorSearch, resolveCriterion } from './editor-url.ts';
import type { EditorLocation } from './draft-session.ts';
import { useBasedOnVersion } from './use-based-on.ts';
import { useDraftSession } from './use-draft-session.ts';
import { useYVersion } from './use-y.ts';

// Panels load on demand; the outline and top bar (Yjs only) render first.
const CriterionPanel = retryingLazy(() => import('../criterion/CriterionPanel.tsx'));
const StandardSettings = retryingLazy(() => import('../settings/StandardSettings.tsx'));
const TiersPanel = retryingLazy(() => import('../tiers/TiersPanel.tsx'));
const ValidationPanel = retryingLazy(() => import('../validation/ValidationPanel.tsx'));
// The impact preview (its engine, the histogram, the table) loads when it is first shown.
const ImpactPanel = retryingLazy(() => import('../impact/ImpactPanel.tsx'));

const PANELS = [CriterionPanel, StandardSettings, TiersPanel, ValidationPanel, ImpactPanel];
const EDIT_MODULES = [
  () => import('../../collab/criterion-insertion.ts'),
  () => import('../../collab/criterion-code-change.ts'),
];

/** Runs `task` when the browser is idle (soon, where there is no `requestIdleCallback`); returns a cancel. */
function whenIdle(task: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(task, { timeout: 10_000 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 2_000);
  return () => clearTimeout(handle);
}

/** The collaborative draft editor: outline, the open panel, validation, presence, connection. */
export default function DraftEditorPage({
  draftId,
  member,
  view = 'editor',
}: {
  draftId: string;
  member: Member;
  /** `impact`: the impact preview full screen instead of the editor's panels. */
  view?: 'editor' | 'impact';
}) {
  const session = useDraftSession(draftId, member);
  // Only what the page shows of the connection: a keystroke moves the count of unsaved edits, which the top
  // bar shows, and must not render the whole editor again.
  const selectConnection = useCallback(
    (state: ConnectionState) => pageConnection(state, member.role),
    [member.role],
  );
  const connection = useStoreSelection(session.connection, selectConnection, shallowEqual);
  const roots = useMemo(() => draftRoots(session.doc), [session]);
  // Where the editor is comes from the URL (`?criterion=DM3&tab=…`), so a link opens the same place and
  // Back/Forward move between places; `opened` remembers the key behind the code (codes can repeat or
  // change while the URL still names the old one).
  const search = useLocationSearch();
  // Synced once, or opened from this browser's copy (offline after a restart).
  const { showable } = connection;
  const wanted = parseEditorSearch(search);
  const opened = useRef<string | null>(null);
  const criteriaVersion = useYVersion(roots.criteria, false);
  const location: EditorLocation = useMemo(
    () => ({
      panel: wanted.panel,
      criterion: showable ? resolveCriterion(roots.criteria, wanted.code, opened.current) : null,
    }),
    // criteriaVersion: criteria added or deleted change what a code resolves to.
    [wanted.panel, wanted.code, showable, criteriaVersion, roots],
  );
  opened.current = location.criterion ?? opened.current;
  const goTo = useCallback(
    (next: EditorLocation, options: { replace?: boolean } = {}) => {
      if (next.criterion !== null) opened.current = next.criterion;
      const code = criterionCode(roots.criteria, next.criterion);
      navigate(hrefs.draft(draftId) + editorSearch({ panel: next.panel, code }), options);
    },
    [roots, draftId],
  );
  const basedOn = useBasedOnVersion(roots.meta);
  const readOnly = !connection.editable;

  useEffect(() => session.setLocation(location), [session, location]);
  useEffect(() => session.onNavigate((target) => goTo(target)), [session, goTo]);

  // A URL whose code is missing (first open), unknown, renamed or deleted is corrected in place, without
  // a history entry, to the criterion actually shown (the first one, or the one that was open).
  useEffect(() => {
    if (view !== 'editor' || location.criterion === null) return;
    if (criterionCode(roots.criteria, location.criterion) !== wanted.code) goTo(location, { replace: true });
  }, [view, location, wanted.code, roots, goTo]);

  // Once the draft is on screen and the browser has nothing else to do, fetch the other panels' code, so
  // that a member who goes offline later can still open them (a chunk fetched offline fails, C6).
  // A preload the network cut short is tried again when it is back.
  useEffect(() => {
    if (!connection.everSynced) return;
    const preloadPanels = () => {
      for (const panel of PANELS) void panel.preload();
    };
    const cancel = whenIdle(() => {
      preloadPanels();
      // Loaded on first use from the outline and the criterion panel (add, duplicate, rename a code).
      for (const load of EDIT_MODULES) load().catch(() => undefined);
    });
    const preloadAgain = () => {
      forgetFailedChunks();
      preloadPanels();
    };
    window.addEventListener('online', preloadAgain);
    return () => {
      cancel();
      window.removeEventListener('online', preloadAgain);
    };
  }, [connection.everSynced]);

  // Ctrl/Cmd+Z and Shift+Ctrl/Cmd+Z (and Ctrl+Y) everywhere in the editor run this user's undo (C3),
  // not the browser's per-field undo, which knows nothing of the shared document.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const redo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey);
      const undo = key === 'z' && !event.shiftKey;
      if (!undo && !redo) return;
      event.preventDefault();
      event.stopPropagation();
      if (undo) session.undo();
      else session.redo();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [session]);

  const selectCriterion = useCallback(
    (key: string | null) => goTo({ panel: 'criterion', criterion: key }),
    [goTo],
  );
  // From the full-screen impact preview, a panel tab leads back to the editor (the URL says so).
  const showPanel = useCallback(
    (panel: EditorLocation['panel']) => goTo({ panel, criterion: location.criterion }),
    [goTo, location.criterion],
  );
  const impactOpen = useImpactPanelOpen();

  const context: EditorContextValue = useMemo(
    () => ({
      session,
      roots,
      readOnly,
      location,
      basedOn,
      selectCriterion,
      showPanel,
      focusField: focusWhenPresent,
    }),
    [session, roots, readOnly, location, basedOn, selectCriterion, showPanel],
  );

  if (!showable) {
    if (connection.closed) {
      const { code } = connection.closed;
      return (
        <PageMessage
          title={
            code === 4404
              ? 'This draft does not exist'
              : code === 4401
                ? 'Sign in again'
                : 'The draft cannot be opened'
          }
          detail={connection.closed.reason}
        >
          <button
            type="button"
            className="button button--primary"
            onClick={() => navigate(code === 4401 ? hrefs.signIn : hrefs.home)}
          >
            {code === 4401 ? 'Sign in' : 'Back to standards'}
          </button>
        </PageMessage>
      );
    }
    return (
      <PageMessage
        title={connection.network === 'offline' ? 'You are offline' : 'Opening the draft…'}
        detail={
          connection.network === 'offline' ? 'The draft opens when your connection is back.' : undefined
        }
        busy={connection.network !== 'offline'}
      />
    );
  }

  if (view === 'impact') {
    return (
      <EditorContext.Provider value={context}>
        <div className="editor" data-testid="draft-editor" data-read-only={readOnly || undefined}>
          <EditorTopBar />
          <EditorBanner session={session} memberRole={member.role} />
          <div className="editor__full">
            <ChunkBoundary fallback={<PanelLoading />}>
              <ImpactPanel layout="full" />
            </ChunkBoundary>
          </div>
        </div>
      </EditorContext.Provider>
    );
  }

  const selected = location.criterion !== null ? roots.criteria.get(location.criterion) : undefined;

  return (
    <EditorContext.Provider value={context}>
      <div className="editor" data-testid="draft-editor" data-read-only={readOnly || undefined}>
        <EditorTopBar />
        <EditorBanner session={session} memberRole={member.role} />
        <div className={`editor__body${impactOpen ? ' editor__body--with-aside' : ''}`}>
          <aside className="editor__sidebar" aria-label="Outline and problems">
            <Outline />
            <ChunkBoundary fallback={null} compact>
              <ValidationPanel />
            </ChunkBoundary>
          </aside>
          <main className="editor__main" aria-label={panelLabel(location.panel)}>
            <ChunkBoundary fallback={<PanelLoading />}>
              {location.panel === 'criterion' &&
                (selected && location.criterion !== null ? (
                  <CriterionPanel
                    key={location.criterion}
                    criterionKey={location.criterion}
                    entry={selected}
                  />
                ) : (
                  <div className="panel-empty">
                    <p>No criterion is open.</p>
                    <p className="muted">
                      Pick one in the outline{readOnly ? '' : ', or add one to an area'}.
                    </p>
                  </div>
                ))}
              {location.panel === 'settings' && <StandardSettings />}
              {location.panel === 'tiers' && <TiersPanel />}
            </ChunkBoundary>
          </main>
          {impactOpen && (
            <aside className="editor__aside" aria-label="Impact preview">
              <ChunkBoundary fallback={<PanelLoading />}>
                <ImpactPanel layout="aside" />
              </ChunkBoundary>
            </aside>
          )}
        </div>
      </div>
    </EditorContext.Provider>
  );
}

/** What the page itself shows of the connection state. */
function pageConnection(state: ConnectionState, memberRole: string) {
  return {
    showable: hasDraft(state),
    closed: state.closed,
    network: state.network,
    everSynced: state.everSynced,
    // Read-only while nothing this tab writes would be kept (a terminal close, a role lowered to viewer).
    editable: editorAccess(state, memberRole).editable,
  };
}

function panelLabel(panel: EditorLocation['panel']): string {
  return panel === 'criterion' ? 'Criterion' : panel === 'settings' ? 'Standard settings' : 'Tiers';
}

function PanelLoading() {
  return (
    <div className="panel-loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading…
    </div>
  );
}
