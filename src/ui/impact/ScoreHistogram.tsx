import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  CUTOFF_DRAG_STEP,
  roundCutoff,
  setTierMinPercent,
  tierMinPercent,
} from '../../collab/tier-cutoff.ts';
import type { ImpactPreview } from '../../core/impact/impact-preview.ts';
import { OUTCOME_NAMES } from '../../core/tier-scale.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { tierTone } from './applicant-table.ts';
import { spreadLabels } from './label-spread.ts';

/**
 * I3: the draft's score histogram (eligible applicants' percent, low end) with the baseline as a ghost
 * outline, and each tier's cut-off drawn as a handle. Dragging a handle — or focusing it and pressing the
 * arrow keys (±1 %, Shift ±5 %) — sets that tier's `minPercent` in the shared draft through this member's
 * local origin: one undo step per drag for them alone, and collaborators see the line move. The doc is
 * written on pointer moves at most once per frame; the preview follows in the same frame.
 */

const WIDTH = 400;
const HEIGHT = 184;
const MARGIN = { left: 30, right: 12, top: 42, bottom: 24 } as const;
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

/** Tier names above the plot, and cut-off pills under them: the two rows of labels spread apart. */
const BAND_LABEL_Y = 13;
const PILL_TOP = MARGIN.top - 22;
const PILL_HEIGHT = 17;
const PILL_PADDING = 12;
const LABEL_GAP = 4;
/** Widths to lay out with before the browser has measured a label (10.5 px bold text, generous). */
const ESTIMATED_CHAR_WIDTH = 6.8;

const x = (percent: number) => MARGIN.left + (PLOT_WIDTH * Math.min(100, Math.max(0, percent))) / 100;

/** A y-axis maximum with round ticks: 4, 10, 20, 25, 50, … */
function niceMax(count: number): number {
  if (count <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(count));
  const step = [1, 2, 2.5, 5, 10].find((candidate) => candidate * magnitude >= count) ?? 10;
  return step * magnitude;
}

interface Drag {
  readonly tier: string;
  readonly pointerId: number;
  readonly end: () => void;
  /** Written this frame already; the latest value waits for the next frame. */
  throttled: boolean;
  pending: number | undefined;
  frame: number | undefined;
}

export function ScoreHistogram({ preview }: { preview: ImpactPreview }) {
  const { session, readOnly } = useEditorContext();
  const plot = useRef<SVGRectElement>(null);
  const drag = useRef<Drag | undefined>(undefined);
  const [dragging, setDragging] = useState<string | undefined>();
  const { histogram } = preview;
  const svg = useRef<SVGSVGElement>(null);
  // Label widths as the browser draws them (font and all), keyed by what the label says.
  const [measured, setMeasured] = useState<ReadonlyMap<string, number>>(new Map());
  useLayoutEffect(() => {
    let next: Map<string, number> | undefined;
    for (const text of svg.current?.querySelectorAll<SVGTextElement>('text[data-measure]') ?? []) {
      const key = text.dataset['measure'] ?? '';
      if (measured.has(key)) continue;
      next ??= new Map(measured);
      next.set(key, text.getComputedTextLength());
    }
    if (next) setMeasured(next);
  });
  const textWidth = (key: string, text: string) => measured.get(key) ?? text.length * ESTIMATED_CHAR_WIDTH;

  useEffect(
    () => () => {
      const current = drag.current;
      if (current?.frame !== undefined) cancelAnimationFrame(current.frame);
      current?.end();
    },
    [],
  );

  const write = (tier: string, percent: number) =>
    setTierMinPercent(session.doc, tier, percent, session.localOrigin);

  const percentAt = (clientX: number): number => {
    const box = plot.current?.getBoundingClientRect();
    if (!box || box.width === 0) return 0;
    return roundCutoff(((clientX - box.left) / box.width) * 100, CUTOFF_DRAG_STEP);
  };

  const moveTo = (current: Drag, percent: number) => {
    if (!current.throttled) {
      current.throttled = true;
      write(current.tier, percent);
      current.frame = requestAnimationFrame(() => {
        current.frame = undefined;
        current.throttled = false;
        if (current.pending !== undefined) {
          const next = current.pending;
          current.pending = undefined;
          moveTo(current, next);
        }
      });
    } else current.pending = percent;
  };

  const finish = () => {
    const current = drag.current;
    if (!current) return;
    drag.current = undefined;
    if (current.frame !== undefined) cancelAnimationFrame(current.frame);
    if (current.pending !== undefined) write(current.tier, current.pending);
    current.end();
    setDragging(undefined);
  };

  const onKeyDown = (tier: string, event: React.KeyboardEvent) => {
    const size = event.shiftKey || event.key === 'PageUp' || event.key === 'PageDown' ? 5 : 1;
    const direction =
      event.key === 'ArrowRight' || event.key === 'ArrowUp' || event.key === 'PageUp'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowDown' || event.key === 'PageDown'
          ? -1
          : 0;
    if (direction === 0) return;
    event.preventDefault();
    const current = tierMinPercent(session.doc, tier);
    if (current !== undefined) write(tier, roundCutoff(current + direction * size));
  };

  const maxCount = niceMax(Math.max(1, ...histogram.bins.flatMap((bin) => [bin.baseline, bin.draft])));
  const y = (count: number) => MARGIN.top + PLOT_HEIGHT - (PLOT_HEIGHT * count) / maxCount;
  const ghost = histogram.bins
    .map(
      (bin, index) =>
        `${index === 0 ? `M${x(bin.from)},${y(0)}` : ''}V${y(bin.baseline)}H${x(bin.to)}${
          index === histogram.bins.length - 1 ? `V${y(0)}` : ''
        }`,
    )
    .join('');
  const cutoffs = histogram.cutoffs.filter((cutoff) => cutoff.draft !== null);
  const bands = cutoffs.map((cutoff, index) => ({
    tier: cutoff.tier,
    name: cutoff.name,
    from: cutoff.draft ?? 0,
    to: Math.max(cutoff.draft ?? 0, cutoffs[index + 1]?.draft ?? 100),
  }));
  const ineligible = histogram.ineligible.draft;

  // Every tier keeps its name and every cut-off its pill however close the thresholds are: each row of
  // labels is spread so that none overlaps another (issue 13), a pill pushed aside keeps a leader line.
  const bandWidths = bands.map((band) => textWidth(`band:${band.name}`, band.name));
  const bandLefts = spreadLabels(
    bands.map((band, index) => ({ center: (x(band.from) + x(band.to)) / 2, width: bandWidths[index] ?? 0 })),
    { min: 0, max: WIDTH, gap: LABEL_GAP * 2 },
  );
  const pillWidths = cutoffs.map(
    (cutoff) => textWidth(`pill:${cutoff.draft ?? 0}%`, `${cutoff.draft ?? 0}%`) + PILL_PADDING,
  );
  const pillLefts = spreadLabels(
    cutoffs.map((cutoff, index) => ({ center: x(cutoff.draft ?? 0), width: pillWidths[index] ?? 0 })),
    { min: 0, max: WIDTH, gap: LABEL_GAP },
  );

  return (
    <figure className="histogram" data-testid="score-histogram" data-dragging={dragging}>
      <svg
        ref={svg}
        className="histogram__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="group"
        aria-label="Score distribution of the draft, with tier cut-offs"
      >
        {bands.map((band, index) => (
          <g key={band.tier} className={`histogram__band tone-${tierTone(preview, band.tier)}`}>
            <rect x={x(band.from)} y={MARGIN.top} width={x(band.to) - x(band.from)} height={PLOT_HEIGHT} />
            <text
              x={(bandLefts[index] ?? 0) + (bandWidths[index] ?? 0) / 2}
              y={BAND_LABEL_Y}
              textAnchor="middle"
              data-testid="histogram-band-label"
              data-measure={`band:${band.name}`}
            >
              {band.name}
            </text>
          </g>
        ))}
        {[0, maxCount / 2, maxCount].map((count) => (
          <g key={count} className="histogram__grid">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(count)} y2={y(count)} />
            <text x={MARGIN.left - 6} y={y(count) + 3.5} textAnchor="end">
              {count}
            </text>
          </g>
        ))}
        {histogram.bins.map((bin) =>
          bin.draft === 0 ? null : (
            <rect
              key={bin.from}
              className="histogram__bar"
              x={x(bin.from) + 1}
              y={y(bin.draft)}
              width={Math.max(1, x(bin.to) - x(bin.from) - 2)}
              height={y(0) - y(bin.draft)}
              rx={1.5}
            >
              <title>{`${bin.from}–${bin.to} %: ${bin.draft} in the draft, ${bin.baseline} in the baseline`}</title>
            </rect>
          ),
        )}
        <path className="histogram__ghost" d={ghost} />
        {[0, 25, 50, 75, 100].map((percent) => (
          <text key={percent} className="histogram__tick" x={x(percent)} y={HEIGHT - 8} textAnchor="middle">
            {percent}%
          </text>
        ))}
        <rect
          ref={plot}
          className="histogram__plot"
          x={MARGIN.left}
          y={MARGIN.top}
          width={PLOT_WIDTH}
          height={PLOT_HEIGHT}
          data-testid="histogram-plot"
        />
        {histogram.cutoffs.map((cutoff) =>
          cutoff.baseline !== null && cutoff.baseline !== cutoff.draft ? (
            <line
              key={`baseline-${cutoff.tier}`}
              className="histogram__was"
              x1={x(cutoff.baseline)}
              x2={x(cutoff.baseline)}
              y1={MARGIN.top - 4}
              y2={y(0)}
            >
              <title>{`${cutoff.name} in the baseline: ${cutoff.baseline} %`}</title>
            </line>
          ) : null,
        )}
        {cutoffs.map((cutoff, index) => {
          const percent = cutoff.draft ?? 0;
          const at = x(percent);
          const label = `${percent}%`;
          const labelWidth = pillWidths[index] ?? 0;
          const pillCenter = (pillLefts[index] ?? 0) + labelWidth / 2;
          return (
            <g
              key={cutoff.tier}
              className={`histogram__cutoff tone-${tierTone(preview, cutoff.tier)}${dragging === cutoff.tier ? ' histogram__cutoff--dragging' : ''}`}
              data-testid="cutoff-handle"
              data-tier-id={cutoff.tier}
              role="slider"
              tabIndex={readOnly ? -1 : 0}
              aria-label={`${cutoff.name} cut-off`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-valuetext={`${percent} %`}
              aria-disabled={readOnly || undefined}
              aria-orientation="horizontal"
              onKeyDown={readOnly ? undefined : (event) => onKeyDown(cutoff.tier, event)}
              onPointerDown={
                readOnly
                  ? undefined
                  : (event) => {
                      if (event.button !== 0) return;
                      event.preventDefault();
                      finish();
                      event.currentTarget.setPointerCapture(event.pointerId);
                      event.currentTarget.focus();
                      drag.current = {
                        tier: cutoff.tier,
                        pointerId: event.pointerId,
                        end: session.undoManager.beginGesture(),
                        throttled: false,
                        pending: undefined,
                        frame: undefined,
                      };
                      setDragging(cutoff.tier);
                    }
              }
              onPointerMove={(event) => {
                const current = drag.current;
                if (current?.pointerId === event.pointerId) moveTo(current, percentAt(event.clientX));
              }}
              onPointerUp={finish}
              onPointerCancel={finish}
              onLostPointerCapture={finish}
            >
              <title>{`${cutoff.name}: ${percent} %${readOnly ? '' : ' — drag, or use the arrow keys (Shift: 5 %)'}`}</title>
              <rect
                className="histogram__hit"
                x={at - 7}
                y={MARGIN.top - 20}
                width={14}
                height={PLOT_HEIGHT + 20}
              />
              <line className="histogram__line" x1={at} x2={at} y1={MARGIN.top - 6} y2={y(0)} />
              {Math.abs(pillCenter - at) > 0.5 && (
                <line
                  className="histogram__line"
                  x1={pillCenter}
                  x2={at}
                  y1={PILL_TOP + PILL_HEIGHT}
                  y2={MARGIN.top - 1}
                />
              )}
              <rect
                className="histogram__knob"
                x={pillCenter - labelWidth / 2}
                y={PILL_TOP}
                width={labelWidth}
                height={PILL_HEIGHT}
                rx={PILL_HEIGHT / 2}
              />
              <text
                className="histogram__knob-text"
                x={pillCenter}
                y={MARGIN.top - 10}
                textAnchor="middle"
                data-measure={`pill:${label}`}
              >
                {label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="histogram__legend">
        <span className="histogram__key histogram__key--draft" aria-hidden="true" /> Draft
        <span className="histogram__key histogram__key--ghost" aria-hidden="true" /> Baseline
        {ineligible > 0 && (
          <span className="muted">
            {' '}
            · {ineligible} {OUTCOME_NAMES.ineligible} not shown
          </span>
        )}
        {!readOnly && <span className="histogram__hint">Drag a cut-off to change it</span>}
      </figcaption>
    </figure>
  );
}
