import { useCallback, useRef, useState } from 'react';
import type { ImpactPreview } from '../../core/impact/impact-preview.ts';
import { formatProblem } from '../../core/problems.ts';
import { Icon } from '../kit/Icon.tsx';
import { navigate } from '../shell/navigation.ts';
import { hrefs } from '../shell/routes.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import './ImpactPanel.css';
import { ApplicantTable } from './ApplicantTable.tsx';
import { type RowPick, type TableQuery, resolvePick } from './applicant-table.ts';
import { CohortImportDialog } from './CohortImportDialog.tsx';
import { DraftChanges } from './DraftChanges.tsx';
import { setImpactPanelOpen } from './impact-panel-state.ts';
import { forgetImpactSources } from './impact-sources.ts';
import { ImpactSourcePickers } from './SourcePickers.tsx';
import { MigrationMatrix } from './MigrationMatrix.tsx';
import { NearMissBand } from './NearMissBand.tsx';
import { ScoreHistogram } from './ScoreHistogram.tsx';
import { type ImpactWorkspace, useCommittedPreview, useLiveImpact } from './use-live-impact.ts';

type Layout = 'aside' | 'full';

/**
 * The impact preview (I1–I4) of the open draft: beside the criterion panel (`aside`) or full screen (`full`).
 * It follows the shared draft live — every local or remote edit is re-scored within a frame — and shows the
 * score histogram with draggable cut-offs, the tier migration matrix, the applicants (with why each moved),
 * the draft's changes and the near-miss band.
 */
export default function ImpactPanel({ layout }: { layout: Layout }) {
  const workspace = useLiveImpact();
  const { session, readOnly } = useEditorContext();
  const timing = useRef<HTMLSpanElement>(null);
  const showTiming = useCallback((text: string, detail: string) => {
    if (!timing.current) return;
    timing.current.textContent = text;
    timing.current.title = detail;
  }, []);
  useCommittedPreview(workspace, showTiming);
  const [importing, setImporting] = useState(false);
  const preview = workspace.state?.preview;

  return (
    <section
      className={`impact impact--${layout}`}
      aria-label="Impact preview"
      data-testid="impact-panel"
      data-layout={layout}
      data-scoring={workspace.live?.scoredInWorker ? 'worker' : 'main'}
      data-ready={preview?.ok ? 'true' : undefined}
    >
      <header className="impact__header">
        <div className="impact__heading">
          <h2 className="impact__title">
            <Icon name="chart" size={15} /> Impact on past applicants
          </h2>
          {preview?.ok && (
            <p className="impact__subtitle">
              Draft {preview.value.draft.version} against {preview.value.baseline.version} ·{' '}
              {preview.value.summary.applicants} applicants
            </p>
          )}
        </div>
        <div className="impact__actions">
          {!readOnly && workspace.sources && (
            <button
              type="button"
              className="icon-button"
              title="Import a cohort (CSV or JSON)"
              aria-label="Import a cohort"
              data-testid="impact-import"
              onClick={() => setImporting(true)}
            >
              <Icon name="upload" />
            </button>
          )}
          {layout === 'aside' ? (
            <>
              <button
                type="button"
                className="icon-button"
                title="Full screen"
                aria-label="Open the impact preview full screen"
                data-testid="impact-full-screen"
                onClick={() => navigate(hrefs.draftImpact(session.draftId))}
              >
                <Icon name="expand" />
              </button>
              <button
                type="button"
                className="icon-button"
                title="Close the impact preview"
                aria-label="Close the impact preview"
                data-testid="impact-close"
                onClick={() => setImpactPanelOpen(false)}
              >
                <Icon name="x" />
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button--small"
              data-testid="impact-back"
              onClick={() => {
                setImpactPanelOpen(true);
                navigate(hrefs.draft(session.draftId));
              }}
            >
              Back to the editor
            </button>
          )}
        </div>
      </header>
      <ImpactSourcePickers workspace={workspace} />
      <div className="impact__body">
        {preview?.ok ? (
          <PreviewSections workspace={workspace} preview={preview.value} layout={layout} />
        ) : (
          <PreviewStatus workspace={workspace} />
        )}
      </div>
      <footer className="impact__footer">
        <span ref={timing} className="impact__timing" data-testid="impact-timing" />
        <span className="impact__live">
          <span className="impact__live-dot" aria-hidden="true" /> Live with every edit
        </span>
      </footer>
      {importing && workspace.sources && (
        <CohortImportDialog
          sources={workspace.sources}
          defaultVersion={workspace.baseline}
          onClose={() => setImporting(false)}
          onImported={() => {
            forgetImpactSources(workspace.standardId);
            workspace.reload();
          }}
        />
      )}
    </section>
  );
}

/** Why there is no preview yet: loading, nothing to compare with, or problems. */
function PreviewStatus({ workspace }: { workspace: ImpactWorkspace }) {
  const { sources, loadError, baseline, cycles, engineProblems, state } = workspace;
  if (loadError)
    return (
      <p className="callout callout--error">The versions and cohorts could not be loaded: {loadError}</p>
    );
  if (!sources || (engineProblems.length === 0 && baseline && cycles.length > 0 && !state)) {
    return (
      <p className="impact__status" role="status">
        <span className="spinner" aria-hidden="true" /> Loading versions and cohorts…
      </p>
    );
  }
  if (!baseline)
    return <p className="impact__status">This standard has no version to compare the draft with yet.</p>;
  if (cycles.length === 0) {
    return (
      <p className="impact__status">
        {sources.cohorts.length === 0
          ? 'This standard has no cohorts of past applicants yet: import one to see the impact.'
          : 'No cohort is selected. Pick one or more above.'}
      </p>
    );
  }
  const problems =
    engineProblems.length > 0
      ? engineProblems
      : state && !state.preview.ok
        ? state.preview.problems.map(formatProblem)
        : [];
  return (
    <div className="callout callout--warning" role="alert" data-testid="impact-problems">
      <p>The preview cannot be computed:</p>
      <ul>
        {problems.map((problem, index) => (
          <li key={index}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

function PreviewSections({
  workspace,
  preview,
  layout,
}: {
  workspace: ImpactWorkspace;
  preview: ImpactPreview;
  layout: Layout;
}) {
  const [query, setQuery] = useState<Omit<TableQuery, 'only'>>({
    text: '',
    movedOnly: layout === 'aside',
    sort: { key: 'movement', descending: false },
  });
  const [pick, setPick] = useState<RowPick | null>(null);
  const resolved = pick ? resolvePick(preview, pick) : null;
  const choose = (next: RowPick | null) => {
    setPick(next);
    // A picked cell may be one where nobody moved (the diagonal): show it whole.
    if (next) setQuery((current) => ({ ...current, movedOnly: false }));
  };
  const { summary } = preview;
  const fileName = `${preview.draft.id}-${preview.draft.version}-vs-${preview.baseline.version}-impact.csv`;

  const overview = (
    <>
      <div className="impact__summary" data-testid="impact-summary">
        <span className="summary-pill summary-pill--down" data-testid="summary-down">
          ↓ {summary.down} down
        </span>
        <span className="summary-pill summary-pill--up" data-testid="summary-up">
          ↑ {summary.up} up
        </span>
        <span className="summary-pill">{summary.same} same tier</span>
        {summary.rangedInDraft > 0 && (
          <span
            className="summary-pill summary-pill--range"
            title="Tier is a range: the draft asks what they never answered"
          >
            {summary.rangedInDraft} ranged
          </span>
        )}
      </div>
      <Section title="Score distribution">
        <ScoreHistogram preview={preview} />
      </Section>
      <Section title="Tier migration" hint="Click a cell to list its applicants">
        <MigrationMatrix preview={preview} pick={pick} onPick={choose} />
      </Section>
    </>
  );
  const table = (
    <Section title="Applicants">
      <ApplicantTable
        preview={preview}
        query={{ ...query, only: resolved?.indexes ?? null }}
        onQuery={(change) => setQuery((current) => ({ ...current, ...change }))}
        pickLabel={resolved?.label ?? null}
        onClearPick={() => setPick(null)}
        wide={layout === 'full'}
        fileName={fileName}
      />
    </Section>
  );
  const details = (
    <>
      <Section title="Draft changes" hint="Each measured alone against the baseline">
        <DraftChanges preview={preview} />
      </Section>
      <Section title="Near misses">
        <NearMissBand
          preview={preview}
          nearMissPoints={workspace.selection.nearMissPoints}
          onNearMissPoints={(nearMissPoints) => workspace.select({ nearMissPoints })}
          pick={pick}
          onPick={choose}
        />
      </Section>
    </>
  );
  if (layout === 'aside') {
    return (
      <>
        {overview}
        {table}
        {details}
      </>
    );
  }
  return (
    <div className="impact__columns">
      <div className="impact__column">
        {overview}
        {details}
      </div>
      <div className="impact__column impact__column--wide">{table}</div>
    </div>
  );
}

function Section({ title, hint, children }: { title: string; hint?: string; children: React.ReactNode }) {
  return (
    <section className="impact-section">
      <h3 className="impact-section__title">
        {title}
        {hint && <span className="impact-section__hint">{hint}</span>}
      </h3>
      {children}
    </section>
  );
}
