import { useCallback, useEffect, useMemo, useState } from 'react';
import { CLASS_MEANINGS, CLASS_TITLES } from '../../core/diff/changelog-sections.ts';
import { diffToMarkdown } from '../../core/diff/changelog-markdown.ts';
import type { DiffImpact } from '../../core/diff/diff-impact.ts';
import {
  CHANGE_CLASSES,
  type ChangeClass,
  type StandardChange,
  type StandardDiff,
} from '../../core/diff/standard-change.ts';
import { diffStandards } from '../../core/diff/standard-diff.ts';
import type { Standard } from '../../core/standard.ts';
import { ApiError, type DraftSummary, type Member, api } from '../shell/api-client.ts';
import { AppHeader } from '../shell/AppHeader.tsx';
import { Icon } from '../kit/Icon.tsx';
import { navigate } from '../shell/navigation.ts';
import { PageMessage } from '../kit/PageMessage.tsx';
import { hrefs } from '../shell/routes.ts';
import { signedOut } from '../shell/session-store.ts';
import '../versions/versions.css';
import './DiffPage.css';
import { downloadText } from '../kit/download-file.ts';
import { StandardBreadcrumb } from '../versions/StandardBreadcrumb.tsx';
import { type VersionEntry, loadAllVersions, versionsApi } from '../versions/versions-api.ts';
import { type ChangeFilter, type GroupBy, NO_AREA, filterChanges, groupChanges } from './change-groups.ts';
import { ChangeList } from './ChangeList.tsx';
import { CohortImpact } from './CohortImpact.tsx';
import { type DiffSideRef, draftSide, parseSide, sidesFromSearch } from './diff-sides.ts';

/** What the page knows about the standard: its versions (newest first, all parsed) and live drafts. */
interface Catalogue {
  readonly title: string;
  readonly entries: readonly VersionEntry[];
  readonly versions: ReadonlyMap<string, Standard>;
  readonly drafts: readonly DraftSummary[];
}

/** One side, loaded: a version, or a draft as it stood when loaded (with its validation problems). */
interface LoadedSide {
  readonly standard: Standard;
  readonly draft?: { readonly id: string; readonly title: string; readonly problems: readonly string[] };
}

type Loaded<T> =
  { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; value: T };

/** Above this many changes, details (redlines) start folded so the page reads as a list of summaries. */
const EXPANDED_UP_TO = 40;

async function loadCatalogue(standardId: string): Promise<Catalogue> {
  const [standards, entries, drafts] = await Promise.all([
    api.standards(),
    versionsApi.history(standardId),
    api.drafts(),
  ]);
  return {
    title: standards.find((standard) => standard.id === standardId)?.title ?? standardId,
    entries: [...entries].reverse(),
    versions: await loadAllVersions(standardId, entries),
    drafts: drafts.filter((draft) => draft.standard === standardId),
  };
}

async function loadSide(side: DiffSideRef, catalogue: Catalogue): Promise<LoadedSide> {
  if (side.kind === 'version') {
    const standard = catalogue.versions.get(side.version);
    if (!standard) throw new Error(`there is no version ${side.version}`);
    return { standard };
  }
  const draft = await versionsApi.draft(side.draftId);
  return { standard: draft.content, draft: { id: draft.id, title: draft.title, problems: draft.problems } };
}

function failureMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) signedOut('Your session has ended. Sign in again.');
  return error instanceof Error ? error.message : String(error);
}

/**
 * The diff of any two versions of a standard, or of a version and a live draft (D1–D3), computed in
 * the browser from the same core the CLI uses: counts per class as filter chips, grouping by class
 * or by area, an area filter, word-level redlines, a cohort's impact, and the Markdown changelog.
 */
export default function DiffPage({ standardId, member }: { standardId: string; member: Member }) {
  const [catalogue, setCatalogue] = useState<Loaded<Catalogue>>({ status: 'loading' });
  const [search, setSearch] = useState(() => window.location.search);
  const [refresh, setRefresh] = useState(0);
  const [sides, setSides] = useState<Loaded<{ older: LoadedSide; newer: LoadedSide }>>({ status: 'loading' });

  useEffect(() => {
    const onPop = () => setSearch(window.location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    let current = true;
    loadCatalogue(standardId).then(
      (value) => current && setCatalogue({ status: 'ready', value }),
      (error: unknown) => current && setCatalogue({ status: 'failed', message: failureMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [standardId]);

  const chosen =
    catalogue.status === 'ready'
      ? sidesFromSearch(
          search,
          catalogue.value.entries.map((entry) => entry.version),
        )
      : undefined;
  const from = chosen?.from;
  const to = chosen?.to;

  useEffect(() => {
    if (catalogue.status !== 'ready' || from === undefined || to === undefined) return;
    let current = true;
    setSides({ status: 'loading' });
    Promise.all([loadSide(parseSide(from), catalogue.value), loadSide(parseSide(to), catalogue.value)]).then(
      ([older, newer]) => current && setSides({ status: 'ready', value: { older, newer } }),
      (error: unknown) => current && setSides({ status: 'failed', message: failureMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [catalogue, from, to, refresh]);

  const choose = (next: { from: string; to: string }) => {
    navigate(hrefs.diff(standardId, next.from, next.to), { replace: true });
    setSearch(window.location.search);
  };

  if (catalogue.status === 'loading') return <PageMessage title="Loading the versions…" busy />;
  if (catalogue.status === 'failed' || from === undefined || to === undefined) {
    return (
      <div className="page">
        <AppHeader member={member} />
        <PageMessage
          title="The diff cannot be shown"
          detail={catalogue.status === 'failed' ? catalogue.message : 'This standard has only one version.'}
        >
          <button
            type="button"
            className="button button--primary"
            onClick={() => navigate(hrefs.versions(standardId))}
          >
            Version history
          </button>
        </PageMessage>
      </div>
    );
  }

  return (
    <div className="page">
      <AppHeader member={member}>
        <StandardBreadcrumb standardId={standardId} title={catalogue.value.title} current="Compare" />
      </AppHeader>
      <main className="diff-page" data-testid="diff-page">
        <SidePicker
          catalogue={catalogue.value}
          from={from}
          to={to}
          onChange={choose}
          onRefresh={() => setRefresh((count) => count + 1)}
        />
        {sides.status === 'loading' && (
          <div className="diff-page__loading" role="status">
            <span className="spinner" aria-hidden="true" /> Comparing…
          </div>
        )}
        {sides.status === 'failed' && (
          <p className="callout callout--error" role="alert">
            {sides.message}
          </p>
        )}
        {sides.status === 'ready' && (
          <DiffView
            key={`${from}\u0000${to}\u0000${refresh}`}
            standardId={standardId}
            older={sides.value.older}
            newer={sides.value.newer}
            versions={catalogue.value.versions}
          />
        )}
      </main>
    </div>
  );
}

function SidePicker({
  catalogue,
  from,
  to,
  onChange,
  onRefresh,
}: {
  catalogue: Catalogue;
  from: string;
  to: string;
  onChange: (sides: { from: string; to: string }) => void;
  onRefresh: () => void;
}) {
  const options = (
    <>
      <optgroup label="Published versions">
        {catalogue.entries.map((entry) => (
          <option key={entry.version} value={entry.version}>
            {entry.version} · {entry.status === 'comment' ? 'public comment' : entry.status}
          </option>
        ))}
      </optgroup>
      {catalogue.drafts.length > 0 && (
        <optgroup label="Live drafts">
          {catalogue.drafts.map((draft) => (
            <option key={draft.id} value={draftSide(draft.id)}>
              Draft: {draft.title}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
  const hasDraft = from.startsWith('draft:') || to.startsWith('draft:');
  return (
    <div className="side-picker" data-testid="side-picker">
      <label className="side-picker__side">
        <span className="side-picker__label">From</span>
        <select
          className="select"
          value={from}
          data-testid="diff-from"
          onChange={(event) => onChange({ from: event.currentTarget.value, to })}
        >
          {options}
        </select>
      </label>
      <button
        type="button"
        className="icon-button side-picker__swap"
        title="Swap the two sides"
        aria-label="Swap the two sides"
        onClick={() => onChange({ from: to, to: from })}
      >
        <Icon name="compare" />
      </button>
      <label className="side-picker__side">
        <span className="side-picker__label">To</span>
        <select
          className="select"
          value={to}
          data-testid="diff-to"
          onChange={(event) => onChange({ from, to: event.currentTarget.value })}
        >
          {options}
        </select>
      </label>
      {hasDraft && (
        <button
          type="button"
          className="button button--ghost button--small side-picker__reload"
          onClick={onRefresh}
        >
          Reload the draft
        </button>
      )}
    </div>
  );
}

function DiffView({
  standardId,
  older,
  newer,
  versions,
}: {
  standardId: string;
  older: LoadedSide;
  newer: LoadedSide;
  versions: ReadonlyMap<string, Standard>;
}) {
  const computed = useMemo((): { diff: StandardDiff } | { error: string } => {
    try {
      return { diff: diffStandards(older.standard, newer.standard, versions) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }, [older, newer, versions]);
  const [classes, setClasses] = useState<ReadonlySet<ChangeClass>>(() => new Set(CHANGE_CLASSES));
  const [area, setArea] = useState<string | null>(null);
  const [groupBy, setGroupBy] = useState<GroupBy>('class');
  const [impact, setImpact] = useState<DiffImpact | undefined>();
  const [expandAll, setExpandAll] = useState<boolean | undefined>();
  const [toggled, setToggled] = useState<ReadonlySet<string>>(() => new Set());
  const onImpact = useCallback((next: DiffImpact | undefined) => setImpact(next), []);

  const titles = useMemo(
    () => ({
      older: new Map(older.standard.criteria.map((criterion) => [criterion.id, criterion.title])),
      newer: new Map(newer.standard.criteria.map((criterion) => [criterion.id, criterion.title])),
    }),
    [older, newer],
  );

  if ('error' in computed) {
    return (
      <p className="callout callout--error" role="alert">
        These two cannot be compared: {computed.error}
      </p>
    );
  }
  const { diff } = computed;
  const filter: ChangeFilter = { classes, area };
  const visible = filterChanges(diff, filter);
  const sections = groupChanges(diff, visible, groupBy);
  const openByDefault = expandAll ?? diff.changes.length <= EXPANDED_UP_TO;
  const isExpanded = (change: StandardChange) => toggled.has(change.id) !== openByDefault;
  const toggle = (change: StandardChange) =>
    setToggled((current) => {
      const next = new Set(current);
      if (!next.delete(change.id)) next.add(change.id);
      return next;
    });
  const allClasses = classes.size === CHANGE_CLASSES.length;
  const hasRuleChanges = diff.changes.some((change) => change.area === null);

  const exportChangelog = () => {
    const markdown = diffToMarkdown(diff, impact ? { impacts: [impact] } : {});
    downloadText(
      `${standardId}-${older.standard.version}-to-${newer.standard.version}-changelog.md`,
      markdown,
      'text/markdown',
    );
  };

  return (
    <>
      <header className="diff-summary" data-testid="diff-summary">
        <div className="diff-summary__text">
          <h1 className="diff-summary__title">
            {sideTitle(older)} <span className="diff-summary__arrow">→</span> {sideTitle(newer)}
          </h1>
          <p className="diff-summary__facts">
            {diff.older.criteria} → {diff.newer.criteria} criteria · {diff.older.totalPoints} →{' '}
            {diff.newer.totalPoints} points · {pairingText(diff)}
          </p>
          {[older, newer].map(
            (side) =>
              side.draft && (
                <p key={side.draft.id} className="diff-summary__facts">
                  Draft {side.standard.version} is the live draft “{side.draft.title}”, as it stood when this
                  page loaded it.
                </p>
              ),
          )}
        </div>
        <button type="button" className="button" data-testid="export-changelog" onClick={exportChangelog}>
          <Icon name="download" size={14} /> Export changelog (Markdown)
        </button>
      </header>

      {[older, newer].map(
        (side) =>
          side.draft &&
          side.draft.problems.length > 0 && (
            <p key={side.draft.id} className="callout callout--warning" data-testid="draft-problems-note">
              “{side.draft.title}” has {side.draft.problems.length} validation problem
              {side.draft.problems.length === 1 ? '' : 's'}; the diff reads the draft as it stands.
            </p>
          ),
      )}

      <div className="class-chips" role="group" aria-label="Show changes by class" data-testid="class-chips">
        {CHANGE_CLASSES.map((name) => {
          const on = classes.has(name);
          return (
            <button
              key={name}
              type="button"
              className={`class-chip class-chip--${name}${on ? ' class-chip--on' : ''}${diff.counts[name] === 0 ? ' class-chip--none' : ''}`}
              aria-pressed={on}
              title={`${CLASS_TITLES[name]}: ${CLASS_MEANINGS[name]}`}
              data-testid={`class-chip-${name}`}
              data-count={diff.counts[name]}
              onClick={() =>
                setClasses((current) => {
                  // From "all shown", a click shows that class alone; clicking the only one shown shows all again.
                  if (current.size === CHANGE_CLASSES.length) return new Set([name]);
                  const next = new Set(current);
                  if (next.has(name)) next.delete(name);
                  else next.add(name);
                  return next.size === 0 ? new Set(CHANGE_CLASSES) : next;
                })
              }
            >
              <span className={`class-dot class-dot--${name}`} aria-hidden="true" />
              <span className="class-chip__name">{CLASS_TITLES[name]}</span>
              <span className="class-chip__count">{diff.counts[name]}</span>
            </button>
          );
        })}
        {!allClasses && (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setClasses(new Set(CHANGE_CLASSES))}
          >
            Show all
          </button>
        )}
      </div>

      <CohortImpact
        standardId={standardId}
        older={older.standard}
        newer={newer.standard}
        versions={versions}
        onImpact={onImpact}
      />

      <div className="diff-toolbar" hidden={diff.changes.length === 0}>
        <div className="toggle-group" role="group" aria-label="Group changes by">
          {(['class', 'area'] as const).map((option) => (
            <button
              key={option}
              type="button"
              className={`toggle-group__option${groupBy === option ? ' toggle-group__option--active' : ''}`}
              aria-pressed={groupBy === option}
              data-testid={`group-by-${option}`}
              onClick={() => setGroupBy(option)}
            >
              By {option}
            </button>
          ))}
        </div>
        <select
          className="select select--inline"
          value={area ?? ''}
          aria-label="Filter by area"
          data-testid="area-filter"
          onChange={(event) => setArea(event.currentTarget.value === '' ? null : event.currentTarget.value)}
        >
          <option value="">All areas</option>
          {hasRuleChanges && <option value={NO_AREA}>Tier rules and standard-wide</option>}
          {diff.areas.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
            </option>
          ))}
        </select>
        <span className="diff-toolbar__count" data-testid="visible-count">
          {visible.length === diff.changes.length
            ? `${diff.changes.length} ${diff.changes.length === 1 ? 'change' : 'changes'}`
            : `${visible.length} of ${diff.changes.length} changes`}
        </span>
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid="expand-all"
          onClick={() => {
            setExpandAll(!openByDefault);
            setToggled(new Set());
          }}
        >
          {openByDefault ? 'Fold details' : 'Show all details'}
        </button>
      </div>

      {diff.changes.length === 0 ? (
        <p className="empty" data-testid="no-changes">
          No changes: the two are the same standard.
        </p>
      ) : visible.length === 0 ? (
        <p className="empty">No changes match these filters.</p>
      ) : (
        <ChangeList
          sections={sections}
          isExpanded={isExpanded}
          onToggle={toggle}
          olderLabel={older.standard.version}
          titleOf={(criterion) => titles[criterion.side].get(criterion.id)}
        />
      )}
    </>
  );
}

function sideTitle(side: LoadedSide): string {
  return side.draft ? `draft ${side.standard.version}` : side.standard.version;
}

function pairingText(diff: StandardDiff): string {
  switch (diff.pairing) {
    case 'lineage':
      return `criteria paired by lineage (${diff.newer.version} is based on ${diff.older.version})`;
    case 'composed-lineage':
      return 'criteria paired by lineage through the versions in between';
    case 'id':
      return 'criteria paired by code';
  }
}
