import {
  CLASS_MEANINGS,
  CLASS_TITLES,
  type DetailLine,
  detailLines,
} from '../../core/diff/changelog-sections.ts';
import { isRichTextFieldChange } from '../../core/diff/criterion-field-changes.ts';
import type { StandardChange } from '../../core/diff/standard-change.ts';
import { Icon } from '../kit/Icon.tsx';
import {
  type ChangeSection,
  type CriterionCluster,
  type CriterionRef,
  summaryUnder,
} from './change-groups.ts';
import { Redline, RenderedStatement } from './Redline.tsx';

export interface ChangeListProps {
  readonly sections: readonly ChangeSection[];
  /** Whether a change's details (redline, criteria of a split, …) are open. */
  readonly isExpanded: (change: StandardChange) => boolean;
  readonly onToggle: (change: StandardChange) => void;
  /** A criterion's title in the version it belongs to. */
  readonly titleOf: (criterion: CriterionRef) => string | undefined;
  /** The older version's label, to say where a removed criterion was. */
  readonly olderLabel: string;
}

/** The changes of a diff, section by section (D1, D2). */
export function ChangeList({ sections, isExpanded, onToggle, titleOf, olderLabel }: ChangeListProps) {
  return (
    <div className="change-sections" data-testid="change-list">
      {sections.map((section) => (
        <section
          key={section.key}
          className="change-section"
          data-testid="change-section"
          data-class={section.changeClass ?? undefined}
          aria-label={section.changeClass ? CLASS_TITLES[section.changeClass] : section.heading}
        >
          <header className="change-section__header">
            {section.changeClass && (
              <span className={`class-dot class-dot--${section.changeClass}`} aria-hidden="true" />
            )}
            <h2 className="change-section__title">
              {section.changeClass ? CLASS_TITLES[section.changeClass] : section.heading}
            </h2>
            <span className="change-section__count">{section.count}</span>
            {section.changeClass && (
              <span className="change-section__meaning">{CLASS_MEANINGS[section.changeClass]}</span>
            )}
          </header>
          {section.groups.map((group) => (
            <div key={group.heading || section.key} className="change-group">
              {group.heading && <h3 className="change-group__heading">{group.heading}</h3>}
              <ul className="clusters">
                {group.clusters.map((cluster) => (
                  <Cluster
                    key={cluster.key}
                    cluster={cluster}
                    showClass={section.changeClass === null}
                    title={cluster.criterion ? titleOf(cluster.criterion) : undefined}
                    olderLabel={olderLabel}
                    isExpanded={isExpanded}
                    onToggle={onToggle}
                  />
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

function Cluster({
  cluster,
  showClass,
  title,
  olderLabel,
  isExpanded,
  onToggle,
}: {
  cluster: CriterionCluster;
  showClass: boolean;
  title: string | undefined;
  olderLabel: string;
  isExpanded: ChangeListProps['isExpanded'];
  onToggle: ChangeListProps['onToggle'];
}) {
  const { criterion } = cluster;
  return (
    <li className="cluster" data-testid="change-cluster" data-criterion={criterion?.id}>
      {criterion && (
        <div className="cluster__head">
          <code className="cluster__code">{criterion.id}</code>
          {title && <span className="cluster__title">{title}</span>}
          {criterion.side === 'older' && <span className="cluster__side">in {olderLabel}</span>}
        </div>
      )}
      <ul className="cluster__changes">
        {cluster.changes.map((change) => (
          <ChangeRow
            key={change.id}
            change={change}
            summary={summaryUnder(change, criterion)}
            showClass={showClass}
            expanded={isExpanded(change)}
            onToggle={() => onToggle(change)}
          />
        ))}
      </ul>
    </li>
  );
}

function ChangeRow({
  change,
  summary,
  showClass,
  expanded,
  onToggle,
}: {
  change: StandardChange;
  summary: string;
  showClass: boolean;
  expanded: boolean;
  onToggle: () => void;
}) {
  const details = detailLines(change);
  return (
    <li
      className={`change change--${change.class}`}
      data-testid="change"
      data-kind={change.kind}
      data-class={change.class}
      data-change-id={change.id}
    >
      <div className="change__line">
        <span className={`change__mark change__mark--${change.class}`} aria-hidden="true" />
        <span className="change__summary">{summary}</span>
        {showClass && <span className={`class-tag class-tag--${change.class}`}>{change.class}</span>}
        {details.length > 0 && (
          <button
            type="button"
            className="change__toggle"
            aria-expanded={expanded}
            data-testid="change-toggle"
            onClick={onToggle}
          >
            {expanded ? 'Hide' : detailLabel(change)}
            <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={12} />
          </button>
        )}
      </div>
      {expanded && details.length > 0 && (
        <div className="change__details">
          {details.map((line, index) => (
            <Detail key={index} line={line} markdown={isMarkdownDetail(change)} />
          ))}
        </div>
      )}
    </li>
  );
}

function detailLabel(change: StandardChange): string {
  if (isRichTextFieldChange(change) || change.kind === 'checklist-item-reworded') return 'Redline';
  return change.kind === 'criterion-added' ? 'Statement' : 'Details';
}

/** Whether a change's detail text is rich text (Markdown), shown rendered with its formatting. */
const isMarkdownDetail = (change: StandardChange): boolean =>
  change.kind === 'criterion-added' || isRichTextFieldChange(change);

function Detail({ line, markdown }: { line: DetailLine; markdown: boolean }) {
  switch (line.kind) {
    case 'redline':
      return <Redline segments={line.segments} markdown={markdown} />;
    case 'text':
      return markdown ? (
        <RenderedStatement markdown={line.text} className="change__text" />
      ) : (
        <p className="change__text">{line.text}</p>
      );
    case 'removed':
      return (
        <p className="change__removed">
          <span aria-hidden="true">−</span> <del>{line.text}</del>
        </p>
      );
    case 'added':
      return (
        <p className="change__added">
          <span aria-hidden="true">+</span> <ins>{line.text}</ins>
        </p>
      );
  }
}
