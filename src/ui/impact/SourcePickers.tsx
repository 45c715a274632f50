import { useEffect, useId, useRef, useState } from 'react';
import type { ImpactWorkspace } from './use-live-impact.ts';

/**
 * The baseline and cohort pickers (I1): a published version to compare with (default: the newest) and the
 * cohorts to re-score (default: all). A cohort whose answers cannot be carried to the chosen baseline (no
 * `basedOn` path, L1) is shown but cannot be picked, with the reason.
 */
export function ImpactSourcePickers({ workspace }: { workspace: ImpactWorkspace }) {
  const { sources, baseline, reach, cycles, selection, select } = workspace;
  const [open, setOpen] = useState(false);
  const popover = useRef<HTMLDivElement>(null);
  const labelId = useId();
  const buttonId = useId();

  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !popover.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);

  if (!sources) return null;
  const reachable = sources.cohorts.filter((cohort) => reach.get(cohort.cycle) === null);
  const applicants = sources.cohorts
    .filter((cohort) => cycles.includes(cohort.cycle))
    .reduce((sum, cohort) => sum + cohort.applicants, 0);

  const toggleCycle = (cycle: string, on: boolean) => {
    const current = selection.cycles ?? reachable.map((cohort) => cohort.cycle);
    const next = on ? [...current, cycle] : current.filter((candidate) => candidate !== cycle);
    // Back to "every cohort" when all are on, so cohorts imported later are included too.
    select({ cycles: reachable.every((cohort) => next.includes(cohort.cycle)) ? undefined : next });
  };

  return (
    <div className="impact-sources">
      <label className="impact-sources__field">
        <span className="impact-sources__label">Baseline</span>
        <select
          className="select select--small"
          value={baseline ?? ''}
          data-testid="impact-baseline"
          onChange={(event) => select({ baseline: event.target.value })}
        >
          {[...sources.versions].reverse().map((version) => (
            <option key={version.version} value={version.version}>
              {version.version}
              {version.status === 'published' ? '' : ` (${version.status})`}
            </option>
          ))}
        </select>
      </label>
      <div className="impact-sources__field" ref={popover}>
        <span className="impact-sources__label" id={labelId}>
          Cohorts
        </span>
        <button
          type="button"
          className="select select--small impact-sources__cohorts"
          id={buttonId}
          aria-expanded={open}
          // "Cohorts" and then what the button shows, so a voice user can say the words they see (WCAG 2.5.3).
          aria-labelledby={`${labelId} ${buttonId}`}
          data-testid="impact-cohorts"
          onClick={() => setOpen(!open)}
        >
          {cycles.length === reachable.length && cycles.length > 0
            ? `All ${cycles.length}`
            : `${cycles.length} of ${sources.cohorts.length}`}{' '}
          · {applicants} applicants
        </button>
        {open && (
          <div className="popover impact-sources__popover" role="group" aria-label="Cohorts to re-score">
            {sources.cohorts.length === 0 && <p className="muted small">This standard has no cohorts yet.</p>}
            {sources.cohorts.map((cohort) => {
              const reason = reach.get(cohort.cycle) ?? null;
              return (
                <label
                  key={cohort.cycle}
                  className={`impact-sources__cohort${reason ? ' impact-sources__cohort--off' : ''}`}
                  title={reason ?? undefined}
                >
                  <input
                    type="checkbox"
                    checked={cycles.includes(cohort.cycle)}
                    disabled={reason !== null}
                    data-testid="impact-cohort"
                    data-cycle={cohort.cycle}
                    onChange={(event) => toggleCycle(cohort.cycle, event.target.checked)}
                  />
                  <span className="impact-sources__cycle">{cohort.cycle}</span>
                  <span className="muted small">
                    {cohort.applicants} · recorded on {cohort.version}
                    {cohort.synthetic ? ' · synthetic' : ''}
                    {reason ? ` · cannot reach ${baseline ?? ''}` : ''}
                  </span>
                </label>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
