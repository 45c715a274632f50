import { useCallback, useEffect, useState } from 'react';
import { ApiError, type DraftSummary, type Member, api } from '../shell/api-client.ts';
import { AppHeader } from '../shell/AppHeader.tsx';
import { Icon } from '../kit/Icon.tsx';
import { followLink, navigate } from '../shell/navigation.ts';
import { PageMessage } from '../kit/PageMessage.tsx';
import { hrefs } from '../shell/routes.ts';
import { signedOut } from '../shell/session-store.ts';
import './versions.css';
import { downloadText } from '../kit/download-file.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { StandardBreadcrumb } from './StandardBreadcrumb.tsx';
import { authorLabel, dateTimeFormat, publishedLabel } from '../kit/version-dates.ts';
import { type VersionEntry, versionFileUrl, versionsApi } from './versions-api.ts';

interface History {
  readonly title: string;
  /** Newest first. */
  readonly versions: readonly VersionEntry[];
  readonly drafts: readonly DraftSummary[];
}

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string; notFound: boolean }
  | { status: 'ready'; history: History };

async function loadHistory(standardId: string): Promise<History> {
  const [standards, versions, drafts] = await Promise.all([
    api.standards(),
    versionsApi.history(standardId),
    api.drafts(),
  ]);
  return {
    title: standards.find((standard) => standard.id === standardId)?.title ?? standardId,
    versions: [...versions].reverse(),
    drafts: drafts.filter((draft) => draft.standard === standardId),
  };
}

/**
 * A standard's version history (V1–V3): its live drafts, and every published version newest first
 * with who published it and when, links to diff it with the version before it or with a live draft,
 * and actions to start a draft from it, download it, or import a file.
 */
export default function VersionHistoryPage({ standardId, member }: { standardId: string; member: Member }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [importing, setImporting] = useState(false);

  const reload = useCallback(() => {
    let current = true;
    loadHistory(standardId).then(
      (history) => current && setLoaded({ status: 'ready', history }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && error.status === 401) {
          signedOut('Your session has ended. Sign in again.');
          return;
        }
        setLoaded({
          status: 'failed',
          message: error instanceof Error ? error.message : String(error),
          notFound: error instanceof ApiError && error.status === 404,
        });
      },
    );
    return () => {
      current = false;
    };
  }, [standardId]);
  useEffect(reload, [reload]);

  if (loaded.status === 'loading') return <PageMessage title="Loading the version history…" busy />;
  if (loaded.status === 'failed') {
    return (
      <div className="page">
        <AppHeader member={member} />
        <PageMessage
          title={loaded.notFound ? 'No such standard' : 'The version history cannot be shown'}
          detail={loaded.message}
        >
          <button type="button" className="button button--primary" onClick={() => navigate(hrefs.home)}>
            Back to standards
          </button>
        </PageMessage>
      </div>
    );
  }

  const { history } = loaded;
  const canEdit = member.role !== 'viewer';
  return (
    <div className="page">
      <AppHeader member={member}>
        <StandardBreadcrumb standardId={standardId} title={history.title} current="Version history" />
      </AppHeader>
      <main className="history" data-testid="version-history">
        <div className="history__intro">
          <div>
            <h1 className="history__title">{history.title}</h1>
            <p className="history__lead">
              <code>{standardId}</code> · {history.versions.length}{' '}
              {history.versions.length === 1 ? 'version' : 'versions'} · published versions never change
            </p>
          </div>
          {canEdit && !importing && (
            <button
              type="button"
              className="button"
              data-testid="open-import"
              onClick={() => setImporting(true)}
            >
              <Icon name="upload" size={14} /> Import a file
            </button>
          )}
        </div>

        {importing && (
          <ImportPanel
            standardId={standardId}
            member={member}
            onImported={reload}
            onClose={() => setImporting(false)}
          />
        )}

        <DraftsSection standardId={standardId} drafts={history.drafts} />

        <section className="history__section" aria-labelledby="history-versions">
          <h2 className="history__heading" id="history-versions">
            Published versions
          </h2>
          <ol className="timeline" data-testid="version-timeline">
            {history.versions.map((version, index) => (
              <VersionItem
                key={version.version}
                standardId={standardId}
                version={version}
                previous={previousOf(history.versions, index)}
                draft={draftToCompare(history.drafts, version.version)}
                canEdit={canEdit}
                latest={index === 0}
              />
            ))}
          </ol>
        </section>
      </main>
    </div>
  );
}

/** The version a version is compared with: the one it is based on, else the one published before it. */
function previousOf(newestFirst: readonly VersionEntry[], index: number): string | undefined {
  const version = newestFirst[index];
  if (!version) return undefined;
  if (version.basedOn && newestFirst.some((entry) => entry.version === version.basedOn))
    return version.basedOn;
  return newestFirst[index + 1]?.version;
}

/** The live draft to compare a version with: one started from it if there is one, else the oldest. */
function draftToCompare(drafts: readonly DraftSummary[], version: string): DraftSummary | undefined {
  return drafts.find((draft) => draft.basedOn === version) ?? drafts[0];
}

function DraftsSection({ standardId, drafts }: { standardId: string; drafts: readonly DraftSummary[] }) {
  const [exportError, setExportError] = useState<{
    draft: string;
    message: string;
    problems: readonly string[];
  }>();
  if (drafts.length === 0) return null;

  const exportDraft = async (draft: DraftSummary) => {
    setExportError(undefined);
    try {
      const text = await versionsApi.exportDraft(draft.id);
      const version = (JSON.parse(text) as { version?: string }).version ?? draft.id;
      downloadText(`${version}.json`, text);
    } catch (error) {
      setExportError({
        draft: draft.id,
        message: error instanceof Error ? error.message : String(error),
        problems: error instanceof ApiError ? error.problems : [],
      });
    }
  };

  return (
    <section className="history__section" aria-labelledby="history-drafts">
      <h2 className="history__heading" id="history-drafts">
        Live drafts
      </h2>
      <ul className="draft-list draft-list--flush" data-testid="history-drafts">
        {drafts.map((draft) => (
          <li
            key={draft.id}
            className="draft-list__item"
            data-testid="history-draft"
            data-draft-id={draft.id}
          >
            <span className="draft-list__dot" aria-hidden="true" />
            <div className="draft-list__text">
              <span className="draft-list__title">{draft.title}</span>
              <span className="draft-list__meta">
                Live draft{draft.basedOn ? ` · based on ${draft.basedOn}` : ''}
                {exportError?.draft === draft.id && (
                  <span className="history__inline-error" role="alert">
                    {' '}
                    · {exportError.message}
                    {exportError.problems.length > 0 ? ` (${exportError.problems.join('; ')})` : ''}
                  </span>
                )}
              </span>
            </div>
            {draft.basedOn && (
              <a
                className="button button--ghost button--small"
                href={hrefs.diff(standardId, draft.basedOn, `draft:${draft.id}`)}
                onClick={followLink}
                data-testid="draft-compare"
              >
                <Icon name="compare" size={14} /> Changes since {draft.basedOn}
              </a>
            )}
            <button
              type="button"
              className="button button--ghost button--small"
              data-testid="draft-export"
              onClick={() => void exportDraft(draft)}
            >
              <Icon name="download" size={14} /> JSON
            </button>
            <a
              className="button button--primary button--small"
              href={hrefs.draft(draft.id)}
              onClick={followLink}
            >
              Open <Icon name="chevronRight" size={14} />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function VersionItem({
  standardId,
  version,
  previous,
  draft,
  canEdit,
  latest,
}: {
  standardId: string;
  version: VersionEntry;
  previous: string | undefined;
  draft: DraftSummary | undefined;
  canEdit: boolean;
  latest: boolean;
}) {
  const [starting, setStarting] = useState(false);
  const published = new Date(version.publishedAt);
  return (
    <li
      className={`timeline__item${latest ? ' timeline__item--latest' : ''}`}
      id={`version-${version.version}`}
      data-testid="version-item"
      data-version={version.version}
    >
      <span className={`timeline__dot timeline__dot--${version.status}`} aria-hidden="true" />
      <div className="timeline__card">
        <div className="timeline__head">
          <span className="timeline__label">{version.version}</span>
          <span className={`status-pill status-pill--${version.status}`}>
            {version.status === 'comment' ? 'public comment' : version.status}
          </span>
          {version.basedOn && <span className="timeline__based">based on {version.basedOn}</span>}
          <span className="timeline__spacer" />
          <span className="timeline__facts">
            {version.criteria} criteria ·{' '}
            <span data-testid="version-author">{authorLabel(version.author, version.authorName)}</span> ·{' '}
            <time
              dateTime={version.publishedAt}
              title={dateTimeFormat.format(published)}
              data-testid="version-published"
            >
              {publishedLabel(version)}
            </time>
          </span>
        </div>
        <div className="timeline__actions">
          {previous && (
            <a
              className="button button--small"
              href={hrefs.diff(standardId, previous, version.version)}
              onClick={followLink}
              data-testid="diff-previous"
            >
              <Icon name="compare" size={14} /> Diff with {previous}
            </a>
          )}
          {draft && (
            <a
              className="button button--small"
              href={hrefs.diff(standardId, version.version, `draft:${draft.id}`)}
              onClick={followLink}
              data-testid="diff-draft"
              title={`Compare with “${draft.title}”`}
            >
              <Icon name="compare" size={14} /> Diff with live draft
            </a>
          )}
          {canEdit && !starting && (
            <button
              type="button"
              className="button button--small"
              data-testid="start-draft"
              onClick={() => setStarting(true)}
            >
              <Icon name="branch" size={14} /> Start a draft
            </button>
          )}
          <a
            className="button button--ghost button--small"
            href={versionFileUrl(standardId, version.version)}
            download={`${version.version}.json`}
            data-testid="download-version"
          >
            <Icon name="download" size={14} /> JSON
          </a>
        </div>
        {starting && (
          <StartDraftForm
            standardId={standardId}
            version={version.version}
            onCancel={() => setStarting(false)}
          />
        )}
      </div>
    </li>
  );
}

/** Names and starts a new draft from a version (V2), then opens it. */
function StartDraftForm({
  standardId,
  version,
  onCancel,
}: {
  standardId: string;
  version: string;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(`Proposal from ${version}`);
  const [working, setWorking] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async () => {
    setWorking(true);
    setError(undefined);
    try {
      const started = await versionsApi.startDraft({ standard: standardId, fromVersion: version, title });
      navigate(hrefs.draft(started.id));
    } catch (failure) {
      setWorking(false);
      setError(
        failure instanceof ApiError && failure.problems.length > 0
          ? failure.problems.join('; ')
          : failure instanceof Error
            ? failure.message
            : String(failure),
      );
    }
  };
  return (
    <form
      className="start-draft"
      data-testid="start-draft-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="start-draft__field">
        <span className="field-label">New draft from {version}</span>
        <input
          className="input"
          value={title}
          autoFocus
          data-testid="start-draft-title"
          onChange={(event) => setTitle(event.currentTarget.value)}
        />
      </label>
      <button type="submit" className="button button--primary" disabled={working || title.trim() === ''}>
        {working ? 'Starting…' : 'Start draft'}
      </button>
      <button type="button" className="button button--ghost" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <p className="start-draft__error" role="alert">
          {error}
        </p>
      )}
      <p className="start-draft__hint muted small">
        Every criterion starts with lineage “same”, so past applicants’ answers carry over.
      </p>
    </form>
  );
}
