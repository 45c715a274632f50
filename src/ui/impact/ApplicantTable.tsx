import { Fragment, useState } from 'react';
import { impactCsv } from '../../core/impact/impact-csv.ts';
import type { ImpactPreview, ImpactRow } from '../../core/impact/impact-preview.ts';
import type { ScoreResult } from '../../core/score.ts';
import { Icon } from '../kit/Icon.tsx';
import { downloadText } from '../kit/download-file.ts';
import {
  type SortKey,
  type TableQuery,
  capitalize,
  firstDirection,
  outcomeLabel,
  rangeText,
  tableRows,
  tierTone,
} from './applicant-table.ts';
import { WhyItMoved } from './WhyItMoved.tsx';

/** Rows rendered before "Show all": a live preview re-renders on every frame of a drag. */
const FIRST_ROWS = 100;

interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly numeric?: boolean;
  readonly title?: string;
}

const NARROW: readonly Column[] = [
  { key: 'name', label: 'Applicant' },
  { key: 'baselineTier', label: 'Baseline' },
  { key: 'draftTier', label: 'Draft' },
  { key: 'delta', label: 'Δ', numeric: true, title: 'Points gained or lost' },
];

const WIDE: readonly Column[] = [
  { key: 'name', label: 'Applicant' },
  { key: 'cycle', label: 'Cycle' },
  { key: 'baselinePoints', label: 'Points', numeric: true, title: 'Baseline points' },
  { key: 'baselinePercent', label: '%', numeric: true, title: 'Baseline percent' },
  { key: 'baselineTier', label: 'Tier', title: 'Baseline tier' },
  { key: 'draftPoints', label: 'Points', numeric: true, title: 'Draft points (low end)' },
  { key: 'draftPercent', label: '%', numeric: true, title: 'Draft percent (low end)' },
  { key: 'draftTier', label: 'Tier', title: 'Draft tier (low end)' },
  { key: 'delta', label: 'Δ pts', numeric: true, title: 'Points gained or lost' },
];

/**
 * I1's per-applicant table: baseline and draft points, percent and tier, the difference, and S7's range badge
 * where the draft asks what a cohort never answered. Sortable by any column, filtered by text, by "moved
 * only" and by a matrix cell or near-miss band; a row opens "why it moved". The CSV export holds exactly the
 * rows the filters leave, in the order shown.
 */
export function ApplicantTable({
  preview,
  query,
  onQuery,
  pickLabel,
  onClearPick,
  wide,
  fileName,
}: {
  preview: ImpactPreview;
  query: TableQuery;
  onQuery: (change: Partial<Omit<TableQuery, 'only'>>) => void;
  /** The matrix cell or band the rows are limited to (`query.only`), if any. */
  pickLabel: string | null;
  onClearPick: () => void;
  wide: boolean;
  fileName: string;
}) {
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const rows = tableRows(preview, query);
  const shown = showAll ? rows : rows.slice(0, FIRST_ROWS);
  const columns = wide ? WIDE : NARROW;

  const sortBy = (key: SortKey) =>
    onQuery({
      sort: { key, descending: query.sort.key === key ? !query.sort.descending : firstDirection(key) },
    });
  const toggle = (index: number) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(index)) next.add(index);
      return next;
    });

  return (
    <section className="applicants" aria-label="Applicants" data-testid="applicant-table">
      <div className="applicants__tools">
        <input
          type="search"
          className="input input--small applicants__filter"
          placeholder="Filter applicants…"
          aria-label="Filter applicants by name, id or cycle"
          value={query.text}
          data-testid="applicant-filter"
          onChange={(event) => onQuery({ text: event.target.value })}
        />
        <label className="applicants__toggle">
          <input
            type="checkbox"
            checked={query.movedOnly}
            data-testid="moved-only"
            onChange={(event) => onQuery({ movedOnly: event.target.checked })}
          />
          Moved only
        </label>
        <button
          type="button"
          className="button button--small"
          data-testid="impact-csv"
          title={`Download these ${rows.length} rows as CSV`}
          onClick={() => downloadText(fileName, impactCsv(preview, rows), 'text/csv')}
        >
          <Icon name="download" size={14} /> CSV
        </button>
      </div>
      {pickLabel !== null && (
        <div className="applicants__pick">
          <span className="chip chip--pick" data-testid="applicant-pick">
            {pickLabel}
            <button
              type="button"
              className="chip__remove"
              aria-label={`Show all applicants, not only ${pickLabel}`}
              onClick={onClearPick}
            >
              <Icon name="x" size={12} />
            </button>
          </span>
        </div>
      )}
      <p className="applicants__count" role="status">
        {rows.length === preview.rows.length
          ? `${rows.length} applicants`
          : `${rows.length} of ${preview.rows.length} applicants`}
      </p>
      {rows.length === 0 ? (
        <p className="applicants__empty">
          {query.movedOnly && preview.summary.up + preview.summary.down === 0
            ? 'Nobody changes tier under the draft.'
            : 'No applicant matches.'}
        </p>
      ) : (
        <div className="applicants__scroll">
          <table className={`applicants__table${wide ? ' applicants__table--wide' : ''}`}>
            <thead>
              {wide && (
                <tr className="applicants__groups">
                  <th colSpan={2} />
                  <th colSpan={3} scope="colgroup">
                    Baseline {preview.baseline.version}
                  </th>
                  <th colSpan={3} scope="colgroup">
                    Draft {preview.draft.version}
                  </th>
                  <th colSpan={2} />
                </tr>
              )}
              <tr>
                {columns.map((column) => {
                  const sorted = query.sort.key === column.key;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      className={column.numeric ? 'numeric' : undefined}
                      aria-sort={sorted ? (query.sort.descending ? 'descending' : 'ascending') : undefined}
                    >
                      <button
                        type="button"
                        className="applicants__sort"
                        data-testid={`sort-${column.key}`}
                        title={
                          column.title
                            ? `Sort by ${column.title.toLowerCase()}`
                            : `Sort by ${column.label.toLowerCase()}`
                        }
                        onClick={() => sortBy(column.key)}
                      >
                        {column.label}
                        <span className="applicants__arrow" aria-hidden="true">
                          {sorted ? (query.sort.descending ? '↓' : '↑') : ''}
                        </span>
                      </button>
                    </th>
                  );
                })}
                {wide && <th scope="col">Range</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => {
                const expanded = open.has(row.index);
                return (
                  <Fragment key={row.index}>
                    <tr
                      className={`applicant applicant--${row.moved}${expanded ? ' applicant--open' : ''}`}
                      data-testid="applicant-row"
                      data-applicant={row.applicantId}
                      data-moved={row.moved}
                      onClick={() => toggle(row.index)}
                    >
                      <td className="applicant__name">
                        <button
                          type="button"
                          className="applicant__toggle"
                          aria-expanded={expanded}
                          onClick={(event) => {
                            event.stopPropagation();
                            toggle(row.index);
                          }}
                        >
                          <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={12} />
                          <span className="applicant__title">{row.name}</span>
                        </button>
                        {!wide && <span className="applicant__cycle">{row.cycle}</span>}
                      </td>
                      {wide ? (
                        <>
                          <td className="muted">{row.cycle}</td>
                          <td className="numeric">{row.baseline.points}</td>
                          <td className="numeric">{row.baseline.percent.toFixed(1)}</td>
                          <td>
                            <TierBadge preview={preview} result={row.baseline} />
                          </td>
                          <td className="numeric">{row.draft.points}</td>
                          <td className="numeric">{row.draft.percent.toFixed(1)}</td>
                          <td>
                            <TierBadge preview={preview} result={row.draft} />
                          </td>
                          <td className="numeric">
                            <Delta value={row.deltaPoints} />
                          </td>
                          <td>
                            <RangeBadge preview={preview} row={row} />
                          </td>
                        </>
                      ) : (
                        <>
                          <td>
                            <TierBadge preview={preview} result={row.baseline} />
                            <span className="applicant__percent">{row.baseline.percent.toFixed(1)}%</span>
                          </td>
                          <td>
                            <TierBadge preview={preview} result={row.draft} />
                            <span className="applicant__percent">{row.draft.percent.toFixed(1)}%</span>
                            <RangeBadge preview={preview} row={row} />
                          </td>
                          <td className="numeric">
                            <Delta value={row.deltaPoints} />
                          </td>
                        </>
                      )}
                    </tr>
                    {expanded && (
                      <tr className="applicant__detail">
                        <td colSpan={columns.length + (wide ? 1 : 0)}>
                          <WhyItMoved preview={preview} row={row} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          {rows.length > shown.length && (
            <button
              type="button"
              className="button button--ghost button--small button--block"
              onClick={() => setShowAll(true)}
            >
              Show all {rows.length}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

export function TierBadge({ preview, result }: { preview: ImpactPreview; result: ScoreResult }) {
  const label = capitalize(outcomeLabel(preview, result));
  const tone = !result.eligible
    ? 'tier-badge--ineligible'
    : result.tier === null
      ? 'tier-badge--none'
      : `tone-${tierTone(preview, result.tier)}`;
  return <span className={`tier-badge ${tone}`}>{label}</span>;
}

function RangeBadge({ preview, row }: { preview: ImpactPreview; row: ImpactRow }) {
  const text = rangeText(preview, row);
  if (!text) return null;
  return (
    <span
      className="range-badge"
      data-testid="range-badge"
      title={`Unassessed in the draft: ${row.range?.unassessed.join(', ') ?? ''}`}
    >
      {text}
    </span>
  );
}

function Delta({ value }: { value: number }) {
  if (value === 0) return <span className="delta delta--zero">0</span>;
  return (
    <span className={`delta delta--${value > 0 ? 'up' : 'down'}`}>
      {value > 0 ? `+${value}` : `−${-value}`}
    </span>
  );
}
