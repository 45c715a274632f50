import { useId, useRef, useState } from 'react';
import type { z } from 'zod';
import type { CohortImportBody, CohortImportReply } from '../../api/cohorts-contract.ts';
import { COHORT_CSV_FIXED_COLUMNS } from '../../core/cohort-csv.ts';
import { csvRecord } from '../../core/csv-cell.ts';
import { ApiError, request } from '../shell/api-client.ts';
import { Icon } from '../kit/Icon.tsx';
import { downloadText } from '../kit/download-file.ts';
import { keepTabInside, useModalDialog } from '../kit/modal-dialog.ts';
import type { ImpactSources } from './impact-sources.ts';

type Format = 'csv' | 'json';

type Outcome =
  | { readonly status: 'idle' }
  | { readonly status: 'sending' }
  | { readonly status: 'refused'; readonly message: string; readonly problems: readonly string[] }
  | { readonly status: 'imported'; readonly cycle: string; readonly applicants: number };

/**
 * Imports a past cohort for the preview, from a file or pasted text: an assessment file (F5, JSON) or CSV
 * (`id,name,population,<criterion ids…>`, see `src/core/cohort-csv.ts`). The server checks it fully against
 * the version it was recorded on and refuses it whole; the problems are listed here by row and column.
 */
export function CohortImportDialog({
  sources,
  defaultVersion,
  onClose,
  onImported,
}: {
  sources: ImpactSources;
  defaultVersion: string | undefined;
  onClose: () => void;
  onImported: (cycle: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | undefined>();
  const [format, setFormat] = useState<Format>('csv');
  const [version, setVersion] = useState(defaultVersion ?? sources.versions.at(-1)?.version ?? '');
  const [cycle, setCycle] = useState('');
  const [synthetic, setSynthetic] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });

  useModalDialog(dialog);

  const takeText = (next: string, name?: string) => {
    setText(next);
    setFileName(name);
    setOutcome({ status: 'idle' });
    if (name?.toLowerCase().endsWith('.json') || next.trimStart().startsWith('{')) setFormat('json');
    else if (name?.toLowerCase().endsWith('.csv')) setFormat('csv');
  };

  const criteria =
    sources.versions.find((candidate) => candidate.version === version)?.standard.criteria ?? [];
  const ready = text.trim() !== '' && (format === 'json' || (version !== '' && cycle.trim() !== ''));

  const submit = async () => {
    setOutcome({ status: 'sending' });
    try {
      const reply = await request<CohortImportReply, z.input<typeof CohortImportBody>>(
        'POST',
        '/api/assessments',
        format === 'csv'
          ? { format, text, standard: sources.standardId, version, cycle: cycle.trim(), synthetic }
          : { format, text, standard: sources.standardId },
      );
      setOutcome({ status: 'imported', cycle: reply.cycle, applicants: reply.applicants });
      onImported(reply.cycle);
    } catch (error) {
      setOutcome({
        status: 'refused',
        message: error instanceof Error ? error.message : String(error),
        problems: error instanceof ApiError ? error.problems : [],
      });
    }
  };

  return (
    <dialog
      ref={dialog}
      className="impact-dialog"
      aria-labelledby={titleId}
      data-testid="cohort-import"
      onKeyDown={keepTabInside}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form
        className="impact-dialog__form"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready && outcome.status !== 'sending') void submit();
        }}
      >
        <header className="impact-dialog__header">
          <h2 id={titleId} className="impact-dialog__title">
            Import a cohort
          </h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            <Icon name="x" />
          </button>
        </header>
        <div className="impact-dialog__body">
          <p className="muted small">
            Past applicants&rsquo; answers, re-scored by the impact preview. Nothing is stored unless the
            whole file is valid.
          </p>
          <div className="impact-dialog__source">
            <label className="button button--small impact-dialog__file">
              <Icon name="upload" size={14} /> Choose a file…
              <input
                type="file"
                accept=".csv,.json,text/csv,application/json"
                className="visually-hidden"
                data-testid="cohort-file"
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (file) void file.text().then((content) => takeText(content, file.name));
                }}
              />
            </label>
            <span className="muted small">{fileName ?? 'or paste below'}</span>
            <span className="segmented impact-dialog__format" role="radiogroup" aria-label="Format">
              {(['csv', 'json'] as const).map((option) => (
                <button
                  key={option}
                  type="button"
                  role="radio"
                  aria-checked={format === option}
                  className={`segmented__option${format === option ? ' segmented__option--active' : ''}`}
                  onClick={() => setFormat(option)}
                >
                  {option.toUpperCase()}
                </button>
              ))}
            </span>
          </div>
          <textarea
            className="input textarea impact-dialog__text"
            aria-label="Cohort file contents"
            placeholder={
              format === 'csv'
                ? `${COHORT_CSV_FIXED_COLUMNS.join(',')},${criteria
                    .slice(0, 3)
                    .map((criterion) => criterion.id)
                    .join(',')},…\naustin,"Austin, TX",979000,1,0,…`
                : '{ "kind": "assessments", "standard": …, "version": …, "cycle": …, "applicants": [ … ] }'
            }
            spellCheck={false}
            value={text}
            data-testid="cohort-text"
            onChange={(event) => takeText(event.target.value, fileName)}
          />
          {format === 'csv' ? (
            <>
              <div className="impact-dialog__row">
                <label className="impact-dialog__field">
                  <span className="field-label">Recorded against version</span>
                  <select
                    className="select"
                    value={version}
                    data-testid="cohort-version"
                    onChange={(event) => setVersion(event.target.value)}
                  >
                    {[...sources.versions].reverse().map((candidate) => (
                      <option key={candidate.version} value={candidate.version}>
                        {candidate.version}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="impact-dialog__field">
                  <span className="field-label">Cycle</span>
                  <input
                    className="input"
                    value={cycle}
                    placeholder="e.g. 2025"
                    data-testid="cohort-cycle"
                    onChange={(event) => setCycle(event.target.value)}
                  />
                </label>
                <label className="impact-dialog__check">
                  <input
                    type="checkbox"
                    checked={synthetic}
                    onChange={(event) => setSynthetic(event.target.checked)}
                  />
                  Synthetic answers
                </label>
              </div>
              <p className="impact-dialog__help">
                Row 1: <code>{COHORT_CSV_FIXED_COLUMNS.join(',')}</code>, then one column per criterion id.
                Cells: <code>1</code>/<code>0</code>, <code>yes</code>/<code>no</code> or <code>true</code>/
                <code>false</code>; for a checklist, the met item ids separated by <code>;</code> (
                <code>0</code> for none). An empty cell is unassessed.{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    downloadText(
                      `${sources.standardId}-${version}-cohort-template.csv`,
                      csvRecord([...COHORT_CSV_FIXED_COLUMNS, ...criteria.map((criterion) => criterion.id)]),
                      'text/csv',
                    )
                  }
                >
                  Download a template for {version}
                </button>
              </p>
            </>
          ) : (
            <p className="impact-dialog__help">
              An assessment file as in <code>standards/{sources.standardId}/assessments/</code>: it names its
              version and cycle.
            </p>
          )}
          {outcome.status === 'refused' && (
            <div
              className="callout callout--error impact-dialog__problems"
              role="alert"
              data-testid="cohort-problems"
            >
              <p>
                <strong>{outcome.message}</strong>
              </p>
              {outcome.problems.length > 0 && (
                <ul>
                  {outcome.problems.map((problem, index) => (
                    <li key={index} data-testid="cohort-problem">
                      {problem}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {outcome.status === 'imported' && (
            <p className="callout impact-dialog__ok" role="status" data-testid="cohort-imported">
              Imported cycle {outcome.cycle}: {outcome.applicants} applicants. It is now among the cohorts.
            </p>
          )}
        </div>
        <footer className="impact-dialog__footer">
          <button type="button" className="button" onClick={onClose}>
            {outcome.status === 'imported' ? 'Done' : 'Cancel'}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={!ready || outcome.status === 'sending' || outcome.status === 'imported'}
            data-testid="cohort-submit"
          >
            {outcome.status === 'sending' ? 'Checking…' : 'Import'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
