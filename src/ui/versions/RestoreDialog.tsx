import { useEffect, useId, useState } from 'react';
import { standardView } from '../../collab/record-views.ts';
import { replaceDocContent } from '../../collab/standard-to-doc.ts';
import { draftFromVersion } from '../../core/draft-from-version.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { Dialog } from '../kit/Dialog.tsx';
import { authorLabel, publishedLabel } from '../kit/version-dates.ts';
import { type VersionEntry, loadVersion, versionsApi } from './versions-api.ts';

/**
 * Restores the live draft to a published version (V2): the version's content is written into the
 * shared document as ordinary edits under this user's own undo origin, so collaborators see the
 * draft change in front of them and the person who restored it can undo it (C3). The draft keeps
 * its label and becomes based on the restored version, every criterion with lineage `same`.
 */
export default function RestoreDialog({
  onClose,
  onRestored,
}: {
  onClose: () => void;
  onRestored: (version: string) => void;
}) {
  const { session, roots } = useEditorContext();
  const standardId = standardView(roots).id ?? '';
  const basedOn = standardView(roots).basedOn;
  const [versions, setVersions] = useState<readonly VersionEntry[]>();
  const [chosen, setChosen] = useState(basedOn ?? '');
  const [state, setState] = useState<{ working: boolean; error?: string }>({ working: false });
  const ids = useId();

  useEffect(() => {
    let current = true;
    versionsApi.history(standardId).then(
      (loaded) => {
        if (!current) return;
        const newestFirst = [...loaded].reverse();
        setVersions(newestFirst);
        setChosen((previous) => previous || newestFirst[0]?.version || '');
      },
      (error: unknown) => current && setState({ working: false, error: String(error) }),
    );
    return () => {
      current = false;
    };
  }, [standardId]);

  const restore = async () => {
    setState({ working: true });
    try {
      const version = await loadVersion(standardId, chosen);
      const label = standardView(roots).version ?? version.version;
      // One undo step of its own: not merged with an edit made just before, nor with one just after.
      session.undoManager.stopCapturing();
      replaceDocContent(session.doc, draftFromVersion(version, label), session.localOrigin);
      session.undoManager.stopCapturing();
      onRestored(version.version);
    } catch (error) {
      setState({ working: false, error: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <Dialog
      title="Restore the draft to a version"
      lead="Everyone editing sees the draft change. You can undo it afterwards (Ctrl+Z)."
      testId="restore-dialog"
      onClose={onClose}
      onSubmit={() => void restore()}
      footer={
        <>
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            data-testid="restore-submit"
            disabled={state.working || chosen === ''}
          >
            {state.working ? 'Restoring…' : `Restore to ${chosen}`}
          </button>
        </>
      }
    >
      {!versions && (
        <p className="muted" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the versions…
        </p>
      )}
      {versions && (
        <ul className="version-options" aria-label="Versions">
          {versions.map((version) => (
            <li key={version.version}>
              <label className="version-option">
                <input
                  type="radio"
                  name={`${ids}-version`}
                  value={version.version}
                  checked={chosen === version.version}
                  data-testid="restore-version"
                  onChange={() => setChosen(version.version)}
                />
                <span className="version-option__label">{version.version}</span>
                <span className={`status-pill status-pill--${version.status}`}>{version.status}</span>
                <span className="version-option__meta">
                  {version.criteria} criteria · {authorLabel(version.author, version.authorName)} ·{' '}
                  {publishedLabel(version)}
                  {version.version === basedOn ? ' · this draft is based on it' : ''}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="dialog__hint">
        Every criterion, tier and setting becomes the version’s; criteria the version lacks are removed. The
        draft keeps its own label and will be based on the version you choose.
      </p>
      {state.error && (
        <p className="callout callout--error" role="alert">
          {state.error}
        </p>
      )}
    </Dialog>
  );
}
