import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { addNamed, deleteCriterion, moveCriterion } from '../../collab/draft-edits.ts';
import { namedView } from '../../collab/record-views.ts';
import { type PresencePeer, initialsOf, peersByCriterion } from '../../collab/presence.ts';
import type { Standard } from '../../core/standard.ts';
import { Icon } from '../kit/Icon.tsx';
import { useEditorContext } from '../draft/editor-context.ts';
import { usePeers } from '../draft/use-draft-session.ts';
import type { DraftStore } from '../draft/draft-store.ts';
import { useDraftSelection } from '../draft/use-draft.ts';
import { CollabText } from '../fields/CollabText.tsx';
import {
  type OutlineCriterion,
  type OutlineGroup,
  type OutlineGrouping,
  type OutlineMove,
  groupOutline,
  outlineFromDraft,
  sameOutline,
} from './outline-model.ts';
import { useOutlineDrag } from './use-outline-drag.ts';
import { useOutlineKeyboard } from './use-outline-keyboard.ts';

/** Whether the draft has a parts list (then the outline can group by part). */
const draftHasPartsList = (draft: Standard): boolean => draft.parts !== undefined;

/** Loaded on first use: adding and duplicating write statements, which needs the rich-text code. */
const insertion = () => import('../../collab/criterion-insertion.ts');

/**
 * The outline (C1): areas (or parts) with their criteria in draft order. Click or ↑/↓ to open a
 * criterion; Alt+↑/↓ or drag to reorder (across sections too); Delete to delete; the + of a section
 * adds a criterion to it. Others' current criteria carry their avatars.
 */
export function Outline() {
  const { session, roots, readOnly, location, selectCriterion, focusField } = useEditorContext();
  const hasParts = useDraftSelection(session.draft, draftHasPartsList, Object.is);
  const [groupingChoice, setGrouping] = useState<OutlineGrouping>('area');
  const grouping: OutlineGrouping = hasParts ? groupingChoice : 'area';
  const [filter, setFilter] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | undefined>();
  const [renaming, setRenaming] = useState<string | undefined>();
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice === undefined) return;
    const timer = setTimeout(() => setNotice(undefined), 6000);
    return () => clearTimeout(timer);
  }, [notice]);
  const peers = usePeers(session);
  const othersByCriterion = useMemo(() => peersByCriterion(peers), [peers]);

  // The snapshot's outline: the same object (so no new render) after a keystroke in a statement.
  const selectOutline = useCallback(
    (draft: Standard, store: DraftStore) => outlineFromDraft(draft, store.keys, grouping),
    [grouping],
  );
  const outline = useDraftSelection(session.draft, selectOutline, sameOutline);
  const { sections, groups, totals } = useMemo(() => {
    const grouped = groupOutline(outline.sections, outline.criteria, grouping);
    return {
      sections: outline.sections,
      groups: grouped,
      totals: {
        count: outline.criteria.length,
        points: outline.criteria.reduce((sum, c) => sum + c.points, 0),
      },
    };
  }, [outline, grouping]);

  const needle = filter.trim().toLowerCase();
  const visibleGroups = useMemo(
    () =>
      needle === ''
        ? groups
        : groups.map((group) => ({
            ...group,
            criteria: group.criteria.filter(
              (criterion) =>
                criterion.code.toLowerCase().includes(needle) ||
                criterion.title.toLowerCase().includes(needle),
            ),
          })),
    [groups, needle],
  );
  const visibleKeys = useMemo(
    () =>
      visibleGroups.flatMap((group) =>
        group.section && collapsed.has(group.section.key)
          ? []
          : group.criteria.map((criterion) => criterion.key),
      ),
    [visibleGroups, collapsed],
  );
  const reorderable = !readOnly && needle === '';

  const focusRow = (key: string) =>
    requestAnimationFrame(() =>
      listRef.current
        ?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] .outline-row__main`)
        ?.focus(),
    );

  const applyMove = useCallback(
    (move: OutlineMove | undefined) => {
      if (!move) return;
      const into =
        move.section === undefined
          ? {}
          : grouping === 'area'
            ? { area: move.section }
            : { part: move.section };
      moveCriterion(session.doc, move.key, move.placement, into, session.localOrigin);
    },
    [session, grouping],
  );

  const remove = (criterion: OutlineCriterion) => {
    const index = visibleKeys.indexOf(criterion.key);
    deleteCriterion(session.doc, criterion.key, session.localOrigin);
    const next = visibleKeys[index + 1] ?? visibleKeys[index - 1] ?? null;
    selectCriterion(next);
    if (next) focusRow(next);
    setNotice(
      `Deleted ${criterion.code || 'criterion'}. Undo with ${/Mac/.test(navigator.platform) ? '⌘Z' : 'Ctrl+Z'}.`,
    );
  };

  const duplicate = async (criterion: OutlineCriterion) => {
    const { duplicateCriterion } = await insertion();
    const key = duplicateCriterion(session.doc, criterion.key, session.localOrigin);
    if (key) {
      selectCriterion(key);
      focusField('criterion.title');
    }
  };

  const addTo = async (group: OutlineGroup) => {
    if (!group.section) return;
    const { addCriterion } = await insertion();
    const last = group.criteria.at(-1);
    const firstAreaId = sections[0]?.id ?? '';
    const key = addCriterion(
      session.doc,
      {
        area: grouping === 'area' ? group.section.id : firstAreaId,
        ...(grouping === 'part' ? { part: group.section.id } : {}),
        placement: last ? { after: last.key } : { before: null },
      },
      session.localOrigin,
    );
    setCollapsed((current) => {
      const next = new Set(current);
      if (group.section) next.delete(group.section.key);
      return next;
    });
    selectCriterion(key);
    focusField('criterion.title');
  };

  const addSection = () => {
    const kind = grouping === 'area' ? 'areas' : 'parts';
    const key = addNamed(
      session.doc,
      kind,
      grouping === 'area' ? 'New area' : 'New part',
      session.localOrigin,
    );
    setRenaming(key);
  };

  const sectionEntries = grouping === 'area' ? roots.areas : roots.parts;
  const { onRowKeyDown, onSectionKeyDown } = useOutlineKeyboard({
    session,
    sectionEntries,
    sections,
    groups,
    visibleKeys,
    reorderable,
    readOnly,
    listRef,
    applyMove,
    focusRow,
    selectCriterion,
    remove,
    rename: setRenaming,
  });
  const drag = useOutlineDrag({
    session,
    sectionEntries,
    sections,
    groups,
    visibleGroups,
    applyMove,
    focusRow,
  });
  const { drop } = drag;

  const sectionLabel = grouping === 'area' ? 'area' : 'part';

  return (
    <nav className="outline" aria-label="Outline" data-testid="outline">
      <div className="outline__header">
        <div className="outline__heading">
          <h2 className="outline__title">Outline</h2>
          <span className="outline__totals" data-testid="outline-totals">
            {totals.count} criteria · {totals.points} pts
          </span>
        </div>
        <div className="outline__tools">
          {hasParts && (
            <div className="segmented" role="group" aria-label="Group criteria by">
              {(['area', 'part'] as const).map((choice) => (
                <button
                  key={choice}
                  type="button"
                  className={`segmented__option${grouping === choice ? ' segmented__option--active' : ''}`}
                  aria-pressed={grouping === choice}
                  onClick={() => setGrouping(choice)}
                >
                  {choice === 'area' ? 'Areas' : 'Parts'}
                </button>
              ))}
            </div>
          )}
          <input
            className="input input--small outline__filter"
            type="search"
            placeholder="Filter criteria"
            aria-label="Filter criteria by code or title"
            data-testid="outline-filter"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
          {!readOnly && (
            <button
              type="button"
              className="icon-button"
              title={`Add ${sectionLabel}`}
              aria-label={`Add ${sectionLabel}`}
              data-testid="add-section"
              onClick={addSection}
            >
              <Icon name="plus" />
            </button>
          )}
        </div>
      </div>
      <div
        className="outline__list"
        ref={listRef}
        onDragLeave={(event) => event.currentTarget === event.target && drag.clearDrop()}
      >
        {visibleGroups.map((group, groupIndex) => {
          const section = group.section;
          const isCollapsed = section ? collapsed.has(section.key) : false;
          const points = group.criteria.reduce((sum, criterion) => sum + criterion.points, 0);
          return (
            <section
              key={section?.key ?? 'unplaced'}
              className={`outline-section${drop?.kind === 'section' && drop.groupIndex === groupIndex ? ' outline-section--drop' : ''}`}
              data-testid="outline-section"
              data-section-id={section?.id ?? ''}
              data-section-key={section?.key ?? ''}
            >
              <div
                className="outline-section__header"
                draggable={reorderable && section !== undefined && renaming !== section.key}
                onDragStart={(event) => drag.startSectionDrag(event, section)}
                onDragOver={(event) => drag.dragOverSection(event, section, groupIndex)}
                onDrop={drag.dropped}
                onDragEnd={drag.dragEnded}
              >
                {section && renaming === section.key ? (
                  <SectionRename
                    sectionKey={section.key}
                    grouping={grouping}
                    onDone={() => setRenaming(undefined)}
                  />
                ) : (
                  <button
                    type="button"
                    className="outline-section__toggle"
                    aria-expanded={!isCollapsed}
                    onClick={() =>
                      section &&
                      setCollapsed((current) => {
                        const next = new Set(current);
                        if (next.has(section.key)) next.delete(section.key);
                        else next.add(section.key);
                        return next;
                      })
                    }
                    onDoubleClick={() => section && !readOnly && setRenaming(section.key)}
                    onKeyDown={(event) => onSectionKeyDown(event, group)}
                    title={
                      section && !readOnly
                        ? `Double-click or F2 to rename; Alt+↑/↓ to move this ${sectionLabel}`
                        : undefined
                    }
                  >
                    <Icon name={isCollapsed ? 'chevronRight' : 'chevronDown'} size={14} />
                    <span className="outline-section__name">
                      {section
                        ? section.name || section.id || `Untitled ${sectionLabel}`
                        : `No known ${sectionLabel}`}
                    </span>
                    <span className="outline-section__count">
                      {group.criteria.length} · {points} pts
                    </span>
                  </button>
                )}
                {section && !readOnly && (
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    title={`Add a criterion to ${section.name || section.id}`}
                    aria-label={`Add a criterion to ${section.name || section.id}`}
                    data-testid="add-criterion"
                    data-section-id={section.id}
                    onClick={() => void addTo(group)}
                  >
                    <Icon name="plus" size={14} />
                  </button>
                )}
              </div>
              {!isCollapsed && (
                <ul
                  className="outline-section__rows"
                  aria-label={section?.name ?? `No known ${sectionLabel}`}
                >
                  {group.criteria.map((criterion) => (
                    <OutlineRow
                      key={criterion.key}
                      criterion={criterion}
                      selected={location.panel === 'criterion' && location.criterion === criterion.key}
                      tabbable={
                        location.criterion === criterion.key ||
                        (!visibleKeys.includes(location.criterion ?? '') && visibleKeys[0] === criterion.key)
                      }
                      others={othersByCriterion.get(criterion.key)}
                      readOnly={readOnly}
                      draggable={reorderable}
                      dropSide={
                        drop?.kind === 'criterion' && drop.key === criterion.key ? drop.side : undefined
                      }
                      onSelect={selectCriterion}
                      onKeyDown={onRowKeyDown}
                      onDuplicate={(c) => void duplicate(c)}
                      onDelete={remove}
                      onDragStart={drag.startRowDrag}
                      onDragOver={drag.dragOverRow}
                      onDrop={drag.dropped}
                      onDragEnd={drag.dragEnded}
                    />
                  ))}
                  {group.criteria.length === 0 && (
                    <li className="outline-section__empty">
                      {needle ? 'No matches' : `No criteria in this ${sectionLabel}`}
                    </li>
                  )}
                </ul>
              )}
            </section>
          );
        })}
        {visibleGroups.length === 0 && <p className="outline__empty">No {sectionLabel}s yet.</p>}
      </div>
      {notice && (
        <div className="toast" role="status" data-testid="outline-notice">
          {notice}
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label="Dismiss"
            onClick={() => setNotice(undefined)}
          >
            <Icon name="x" size={12} />
          </button>
        </div>
      )}
    </nav>
  );
}

function SectionRename({
  sectionKey,
  grouping,
  onDone,
}: {
  sectionKey: string;
  grouping: OutlineGrouping;
  onDone: () => void;
}) {
  const { roots } = useEditorContext();
  const entry = (grouping === 'area' ? roots.areas : roots.parts).get(sectionKey);
  const name = entry ? namedView(entry).name : undefined;
  if (!name) return null;
  return (
    <CollabText
      text={name}
      className="input input--small outline-section__rename"
      aria-label={`Name of this ${grouping}`}
      selectOnMount
      onBlur={onDone}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'Escape') {
          event.preventDefault();
          onDone();
        }
      }}
    />
  );
}

interface RowProps {
  criterion: OutlineCriterion;
  selected: boolean;
  tabbable: boolean;
  others: readonly PresencePeer[] | undefined;
  readOnly: boolean;
  draggable: boolean;
  dropSide: 'before' | 'after' | undefined;
  onSelect: (key: string) => void;
  onKeyDown: (event: React.KeyboardEvent, criterion: OutlineCriterion) => void;
  onDuplicate: (criterion: OutlineCriterion) => void;
  onDelete: (criterion: OutlineCriterion) => void;
  onDragStart: (event: React.DragEvent, criterion: OutlineCriterion) => void;
  onDragOver: (event: React.DragEvent<HTMLElement>, criterion: OutlineCriterion) => void;
  onDrop: (event: React.DragEvent) => void;
  onDragEnd: () => void;
}

const OutlineRow = memo(function OutlineRow({
  criterion,
  selected,
  tabbable,
  others,
  readOnly,
  draggable,
  dropSide,
  onSelect,
  onKeyDown,
  onDuplicate,
  onDelete,
  onDragStart,
  onDragOver,
  onDrop,
  onDragEnd,
}: RowProps) {
  return (
    <li
      className={`outline-row${selected ? ' outline-row--selected' : ''}${dropSide ? ` outline-row--drop-${dropSide}` : ''}`}
      data-testid="outline-row"
      data-key={criterion.key}
      data-code={criterion.code}
      draggable={draggable}
      onDragStart={(event) => onDragStart(event, criterion)}
      onDragOver={(event) => onDragOver(event, criterion)}
      onDrop={onDrop}
      onDragEnd={onDragEnd}
    >
      {draggable && (
        <span className="outline-row__grip" aria-hidden="true">
          <Icon name="grip" size={12} />
        </span>
      )}
      <button
        type="button"
        className="outline-row__main"
        tabIndex={tabbable ? 0 : -1}
        aria-current={selected ? 'true' : undefined}
        title={readOnly ? undefined : 'Alt+↑/↓ to move · Delete to delete'}
        onClick={() => onSelect(criterion.key)}
        onKeyDown={(event) => onKeyDown(event, criterion)}
      >
        <span className="outline-row__code">{criterion.code || '—'}</span>
        <span className="outline-row__title">{criterion.title || <em className="muted">Untitled</em>}</span>
      </button>
      <span className="outline-row__meta">
        {others && others.length > 0 && (
          <span
            className="row-presence"
            data-testid="row-presence"
            data-names={others.map((peer) => peer.name).join(',')}
          >
            {others.slice(0, 3).map((peer) => (
              <span
                key={peer.memberId}
                className="avatar avatar--tiny"
                style={{ '--avatar-color': peer.color } as React.CSSProperties}
                title={`${peer.name} is here`}
              >
                {initialsOf(peer.name)}
              </span>
            ))}
          </span>
        )}
        {criterion.checklist && (
          <span
            className="badge badge--checklist"
            title={`Checklist: at least ${criterion.checklist.minMet} of ${criterion.checklist.items} items`}
          >
            <Icon name="checklist" size={12} />
            {criterion.checklist.minMet}/{criterion.checklist.items}
          </span>
        )}
        {criterion.core && (
          <span className="badge badge--core" title="Core criterion">
            Core
          </span>
        )}
        <span className="badge badge--points" title={`${criterion.points} points`}>
          {criterion.points}
        </span>
      </span>
      {!readOnly && (
        <span className="outline-row__actions">
          <button
            type="button"
            className="icon-button icon-button--small"
            tabIndex={-1}
            title="Duplicate"
            aria-label={`Duplicate ${criterion.code}`}
            data-testid="row-duplicate"
            onClick={() => onDuplicate(criterion)}
          >
            <Icon name="copy" size={14} />
          </button>
          <button
            type="button"
            className="icon-button icon-button--small icon-button--danger"
            tabIndex={-1}
            title="Delete"
            aria-label={`Delete ${criterion.code}`}
            data-testid="row-delete"
            onClick={() => onDelete(criterion)}
          >
            <Icon name="trash" size={14} />
          </button>
        </span>
      )}
    </li>
  );
});
