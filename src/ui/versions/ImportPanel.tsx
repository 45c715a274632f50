import { useId, useState } from 'react';
import { ApiError, type Member } from '../shell/api-client.ts';
import { Icon } from '../kit/Icon.tsx';
import { followLink } from '../shell/navigation.ts';
import { hrefs } from '../shell/routes.ts';
import { ProblemList } from './ProblemList.tsx';
import { type ImportReply, versionsApi } from './versions-api.ts';

type ImportState =
  | { status: 'idle' }
  | { status: 'working' }
  | { status: 'refused'; message: string; problems: readonly string[] }
  | { status: 'done'; reply: ImportReply };

/**
 * Imports a `standards/<id>/<version>.json` file (V3) as a new published version (chairs; refused
 * whole when it breaks an F6 rule) or as a new draft holding exactly the file (editors too).
 */
export function ImportPanel({
  standardId,
  member,
  onImported,
  onClose,
}: {
  standardId: string;
  member: Member;
  onImported: () => void;
  onClose: () => void;
}) {
  const canPublish = member.role === 'chair';
  const [as, setAs] = useState<'version' | 'draft'>(canPublish ? 'version' : 'draft');
  const [file, setFile] = useState<File | undefined>();
  const [title, setTitle] = useState('');
  const [state, setState] = useState<ImportState>({ status: 'idle' });
  const ids = useId();

  const submit = async () => {
    if (!file) return;
    setState({ status: 'working' });
    try {
      const reply = await versionsApi.importFile({
        as,
        text: await file.text(),
        standard: standardId,
        ...(as === 'draft' && title.trim() !== '' ? { title: title.trim() } : {}),
      });
      setState({ status: 'done', reply });
      onImported();
    } catch (error) {
      setState({
        status: 'refused',
        message: error instanceof Error ? error.message : String(error),
        problems: error instanceof ApiError ? error.problems : [],
      });
    }
  };

  return (
    <section className="import-panel" aria-labelledby={`${ids}-title`} data-testid="import-panel">
      <header className="import-panel__header">
        <h2 className="import-panel__title" id={`${ids}-title`}>
          Import a file
        </h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <Icon name="x" />
        </button>
      </header>
      <p className="import-panel__lead">
        A version file from the <code>standards/</code> folder, such as <code>{standardId}/3.0.json</code>.
      </p>
      <form
        className="import-panel__form"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <input
          className="input import-panel__file"
          type="file"
          accept=".json,application/json"
          data-testid="import-file"
          aria-label="Version file"
          onChange={(event) => {
            setFile(event.currentTarget.files?.[0]);
            setState({ status: 'idle' });
          }}
        />
        <fieldset className="choice-group">
          <legend className="field-label">Import as</legend>
          <label className={`choice${canPublish ? '' : ' choice--disabled'}`}>
            <input
              type="radio"
              name={`${ids}-as`}
              value="version"
              checked={as === 'version'}
              disabled={!canPublish}
              data-testid="import-as-version"
              onChange={() => setAs('version')}
            />
            <span>
              <strong>A published version</strong>
              <span className="choice__hint">
                {canPublish
                  ? 'Checked against the version it is based on; refused whole if anything is wrong.'
                  : 'Only a chair can add versions.'}
              </span>
            </span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name={`${ids}-as`}
              value="draft"
              checked={as === 'draft'}
              data-testid="import-as-draft"
              onChange={() => setAs('draft')}
            />
            <span>
              <strong>A new draft</strong>
              <span className="choice__hint">Exactly what the file holds, for the committee to edit.</span>
            </span>
          </label>
        </fieldset>
        {as === 'draft' && (
          <label className="import-panel__field">
            <span className="field-label">Draft title (optional)</span>
            <input
              className="input"
              value={title}
              placeholder="Defaults to the file's title and version"
              onChange={(event) => setTitle(event.currentTarget.value)}
            />
          </label>
        )}
        <div className="import-panel__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={!file || state.status === 'working'}
            data-testid="import-submit"
          >
            <Icon name="upload" size={14} /> {state.status === 'working' ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      {state.status === 'refused' && (
        <div className="callout callout--error" role="alert" data-testid="import-refused">
          <p className="callout__title">{state.message}</p>
          {state.problems.length > 0 && <ProblemList problems={state.problems} />}
        </div>
      )}
      {state.status === 'done' && <ImportDone reply={state.reply} standardId={standardId} />}
    </section>
  );
}

function ImportDone({ reply, standardId }: { reply: ImportReply; standardId: string }) {
  if (reply.as === 'version') {
    return (
      <p className="callout callout--ok" role="status" data-testid="import-done">
        Version <strong>{reply.version}</strong> was imported and published.
      </p>
    );
  }
  return (
    <div className="callout callout--ok" role="status" data-testid="import-done">
      <p>
        Draft <strong>{reply.draft.title}</strong> was created from the file.{' '}
        <a href={hrefs.draft(reply.draft.id)} onClick={followLink}>
          Open the draft
        </a>
        {reply.draft.basedOn && (
          <>
            {' · '}
            <a
              href={hrefs.diff(standardId, reply.draft.basedOn, `draft:${reply.draft.id}`)}
              onClick={followLink}
            >
              Compare with {reply.draft.basedOn}
            </a>
          </>
        )}
      </p>
      {reply.problems.length > 0 && (
        <p className="muted small">
          It has {reply.problems.length} problem{reply.problems.length === 1 ? '' : 's'} to fix before it can
          be published; the editor lists them.
        </p>
      )}
    </div>
  );
}
