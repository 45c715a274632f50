import {
  addChecklistItem,
  checklistItems,
  moveKeyed,
  removeChecklistItem,
  setChecklistEnabled,
  setPlainField,
} from '../../collab/draft-edits.ts';
import { CHECKLIST, CHECKLIST_ITEM, type Entry } from '../../collab/draft-layout.ts';
import { checklistItemView, checklistView, criterionView } from '../../collab/record-views.ts';
import { Icon } from '../kit/Icon.tsx';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { CollabText } from '../fields/CollabText.tsx';
import { CommitField } from '../fields/CommitField.tsx';
import { FieldSection } from '../fields/FieldSection.tsx';
import { NumberField } from '../fields/NumberField.tsx';
import { criterionFocusId } from '../validation/problem-location.ts';

/**
 * A criterion's checklist (F3): items with stable ids and text, met when at least `minMet` of them
 * are. Alt+↑/↓ in an item's text moves it.
 */
export function ChecklistEditor({ entry }: { entry: Entry }) {
  const { session, readOnly, focusField } = useEditorContext();
  const checklist = criterionView(entry).checklist;
  useYVersion(checklist);
  const items = checklist ? checklistItems(entry) : [];
  const itemsMap = checklist ? checklistView(checklist).items : undefined;

  const add = () => {
    const key = addChecklistItem(session.doc, entry, session.localOrigin);
    focusField(`checklist-item.${key}`);
  };

  return (
    <FieldSection
      title="Checklist"
      testId="checklist-section"
      hint={
        checklist
          ? 'The criterion is met when enough of these items are met.'
          : 'Optional: split the criterion into items, of which a minimum must be met.'
      }
      actions={
        !readOnly &&
        (checklist ? (
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => setChecklistEnabled(session.doc, entry, false, session.localOrigin)}
          >
            Remove checklist
          </button>
        ) : (
          <button
            type="button"
            className="button button--ghost button--small"
            data-testid="add-checklist"
            onClick={() => {
              setChecklistEnabled(session.doc, entry, true, session.localOrigin);
              focusField(criterionFocusId('checklist.minMet'));
            }}
          >
            <Icon name="plus" size={14} /> Add checklist
          </button>
        ))
      }
    >
      {checklist && (
        <>
          <div className="checklist__rule" data-focus-id={criterionFocusId('checklist')}>
            Met when at least
            <NumberField
              map={checklist}
              field={CHECKLIST.minMet}
              rules={{ integer: true, min: 1 }}
              focusId={criterionFocusId('checklist.minMet')}
              aria-label="Minimum items met"
              data-testid="checklist-min-met"
              className="number-field--inline"
            />
            of {items.length} {items.length === 1 ? 'item is' : 'items are'} met.
          </div>
          <ol className="checklist">
            {items.map(({ key, entry: item }, index) => {
              const { text, id } = checklistItemView(item);
              return (
                <li key={key} className="checklist__item" data-testid="checklist-item">
                  <span className="checklist__index">{index + 1}</span>
                  <CommitField
                    value={id ?? ''}
                    readOnly={readOnly}
                    className="input--code input--small"
                    aria-label={`Id of item ${index + 1}`}
                    size={12}
                    commit={(next) => {
                      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(next))
                        return 'Use letters, digits, ".", "_" or "-"';
                      setPlainField(session.doc, item, CHECKLIST_ITEM.id, next, session.localOrigin);
                      return undefined;
                    }}
                  />
                  {text && (
                    <CollabText
                      text={text}
                      className="input checklist__text"
                      aria-label={`Text of item ${index + 1}`}
                      placeholder="What must be true"
                      focusId={`checklist-item.${key}`}
                      onKeyDown={(event) => {
                        if (
                          !itemsMap ||
                          !event.altKey ||
                          (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')
                        )
                          return;
                        event.preventDefault();
                        const neighbour = items[index + (event.key === 'ArrowUp' ? -1 : 1)];
                        if (!neighbour) return;
                        moveKeyed(
                          session.doc,
                          itemsMap,
                          key,
                          event.key === 'ArrowUp' ? { before: neighbour.key } : { after: neighbour.key },
                          session.localOrigin,
                        );
                        focusField(`checklist-item.${key}`);
                      }}
                    />
                  )}
                  {!readOnly && (
                    <button
                      type="button"
                      className="icon-button icon-button--small icon-button--danger"
                      aria-label={`Remove item ${index + 1}`}
                      title="Remove item"
                      onClick={() => removeChecklistItem(session.doc, entry, key, session.localOrigin)}
                    >
                      <Icon name="x" size={14} />
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
          {!readOnly && (
            <button
              type="button"
              className="button button--ghost button--small"
              data-testid="add-checklist-item"
              onClick={add}
            >
              <Icon name="plus" size={14} /> Add item
            </button>
          )}
        </>
      )}
    </FieldSection>
  );
}
