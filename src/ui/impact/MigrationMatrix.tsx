import type { ImpactPreview } from '../../core/impact/impact-preview.ts';
import { type RowPick, entryRank } from './applicant-table.ts';

/**
 * I1's tier migration matrix: baseline outcome (rows) × draft outcome (columns), lowest first, including not
 * certified and ineligible. Applicants who stay put sit on the muted diagonal; a cell off it is a move — warm
 * for down, green for up. A non-empty cell is a button that shows its applicants in the table.
 */
export function MigrationMatrix({
  preview,
  pick,
  onPick,
}: {
  preview: ImpactPreview;
  pick: RowPick | null;
  onPick: (pick: RowPick | null) => void;
}) {
  const { matrix } = preview;
  return (
    <div className="matrix-scroll">
      <table className="matrix" data-testid="migration-matrix">
        <caption className="visually-hidden">
          Applicants by tier in the baseline (rows) and in the draft (columns)
        </caption>
        {/* Equal columns while they fit; a longer tier name widens its own column, never runs into the next. */}
        <colgroup>
          <col className="matrix__col-heads" />
          {matrix.columns.map((column) => (
            <col key={column.key} className="matrix__col" />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className="matrix__corner">
              <span>Baseline ↓</span>
              <span>Draft →</span>
            </th>
            {matrix.columns.map((column) => (
              <th key={column.key} scope="col" className="matrix__head">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row, r) => (
            <tr key={row.key}>
              <th scope="row" className="matrix__head matrix__head--row">
                {row.label}
              </th>
              {matrix.columns.map((column, c) => {
                const count = matrix.counts[r]?.[c] ?? 0;
                const steps = entryRank(preview, column) - entryRank(preview, row);
                const kind = row.key === column.key ? 'same' : steps < 0 ? 'down' : steps > 0 ? 'up' : 'same';
                const selected = pick?.kind === 'cell' && pick.from === row.key && pick.to === column.key;
                const className = `matrix__cell matrix__cell--${kind}${count > 0 ? ' matrix__cell--filled' : ''}${selected ? ' matrix__cell--selected' : ''}`;
                const label = `${count} ${count === 1 ? 'applicant' : 'applicants'}: ${row.label} in the baseline, ${column.label} in the draft`;
                return (
                  <td key={column.key} className={className}>
                    {count === 0 ? (
                      <>
                        <span className="matrix__zero" aria-hidden="true">
                          ·
                        </span>
                        <span className="visually-hidden">{label}</span>
                      </>
                    ) : (
                      <button
                        type="button"
                        className="matrix__button"
                        data-testid="matrix-cell"
                        data-from={row.key}
                        data-to={column.key}
                        data-count={count}
                        aria-pressed={selected}
                        aria-label={label}
                        title={selected ? 'Show every applicant again' : 'Show these applicants'}
                        onClick={() =>
                          onPick(selected ? null : { kind: 'cell', from: row.key, to: column.key })
                        }
                      >
                        {count}
                      </button>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
