import { useEffect, useRef, useState } from 'react';
import { standardView } from '../../collab/record-views.ts';
import { ApiError } from '../shell/api-client.ts';
import { ChunkBoundary } from '../kit/ChunkBoundary.tsx';
import { Icon } from '../kit/Icon.tsx';
import { retryingLazy } from '../kit/retrying-lazy.ts';
import { followLink } from '../shell/navigation.ts';
import { hrefs } from '../shell/routes.ts';
import { draftSide } from '../diff/diff-sides.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import './versions.css';
import { downloadText } from '../kit/download-file.ts';
import { versionsApi } from './versions-api.ts';
import { waitUntilSaved } from './wait-until-saved.ts';

// The dialogs load when opened: the editor's first paint does not wait for them.
const PublishDialog = retryingLazy(() => import('./PublishDialog.tsx'));
const RestoreDialog = retryingLazy(() => import('./RestoreDialog.tsx'));

type Notice = { readonly message: string; readonly undo: boolean; readonly error?: boolean };

/**
 * The draft editor's version actions (V1–V3), in the top bar: a menu (version history, compare with
 * the version the draft is based on, download the draft as JSON, restore it to a version) and, for
 * chairs, Publish.
 */
export function DraftVersionActions() {
  const { session, roots, readOnly } = useEditorContext();
  useYVersion(roots.meta, false);
  const standardId = standardView(roots).id ?? '';
  const basedOn = standardView(roots).basedOn;
  const [menuOpen, setMenuOpen] = useState(false);
  const [dialog, setDialog] = useState<'publish' | 'restore' | null>(null);
  const [notice, setNotice] = useState<Notice>();
  const menuRef = useRef<HTMLDivElement>(null);

  // Close the menu on a click elsewhere or Escape.
  useEffect(() => {
    if (!menuOpen) return;
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) setMenuOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMenuOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [menuOpen]);

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => setNotice(undefined), 10_000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const exportDraft = async () => {
    setMenuOpen(false);
    try {
      if (!readOnly) await waitUntilSaved(session);
      const text = await versionsApi.exportDraft(session.draftId);
      const label = standardView(roots).version ?? session.draftId;
      downloadText(`${label}.json`, text);
    } catch (error) {
      const problems = error instanceof ApiError ? error.problems : [];
      setNotice({
        message: `${error instanceof Error ? error.message : String(error)}${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`,
        undo: false,
        error: true,
      });
    }
  };

  return (
    <div className="version-actions" ref={menuRef}>
      <button
        type="button"
        className="icon-button"
        title="Versions"
        aria-label="Versions"
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        data-testid="versions-menu"
        onClick={() => setMenuOpen(!menuOpen)}
      >
        <Icon name="history" />
      </button>
      {menuOpen && (
        <ul className="menu" role="menu" aria-label="Versions">
          <li role="none">
            <a
              className="menu__item"
              role="menuitem"
              href={hrefs.versions(standardId)}
              onClick={followLink}
              data-testid="menu-history"
            >
              <Icon name="history" size={14} /> Version history
            </a>
          </li>
          {basedOn && (
            <li role="none">
              <a
                className="menu__item"
                role="menuitem"
                href={hrefs.diff(standardId, basedOn, draftSide(session.draftId))}
                onClick={followLink}
                data-testid="menu-compare"
              >
                <Icon name="compare" size={14} /> Compare with {basedOn}
              </a>
            </li>
          )}
          <li role="none">
            <button
              type="button"
              className="menu__item"
              role="menuitem"
              data-testid="menu-export"
              onClick={() => void exportDraft()}
            >
              <Icon name="download" size={14} /> Download as JSON
            </button>
          </li>
          {!readOnly && (
            <>
              <li role="separator" className="menu__separator" />
              <li role="none">
                <button
                  type="button"
                  className="menu__item"
                  role="menuitem"
                  data-testid="menu-restore"
                  onClick={() => {
                    setMenuOpen(false);
                    setDialog('restore');
                  }}
                >
                  <Icon name="undo" size={14} /> Restore to a version…
                </button>
              </li>
            </>
          )}
        </ul>
      )}
      {session.member.role === 'chair' && (
        <button
          type="button"
          className="button button--primary button--small"
          data-testid="publish-open"
          onClick={() => setDialog('publish')}
        >
          Publish…
        </button>
      )}
      <ChunkBoundary fallback={null} compact>
        {dialog === 'publish' && <PublishDialog onClose={() => setDialog(null)} />}
        {dialog === 'restore' && (
          <RestoreDialog
            onClose={() => setDialog(null)}
            onRestored={(version) => {
              setDialog(null);
              setNotice({ message: `The draft was restored to ${version}.`, undo: true });
            }}
          />
        )}
      </ChunkBoundary>
      {notice && (
        <div className="version-toast" role={notice.error ? 'alert' : 'status'} data-testid="version-notice">
          <span>{notice.message}</span>
          {notice.undo && (
            <button
              type="button"
              className="button button--small"
              data-testid="restore-undo"
              onClick={() => {
                session.undo();
                setNotice(undefined);
              }}
            >
              Undo
            </button>
          )}
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label="Dismiss"
            onClick={() => setNotice(undefined)}
          >
            <Icon name="x" size={14} />
          </button>
        </div>
      )}
    </div>
  );
}
