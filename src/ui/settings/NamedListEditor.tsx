import {
  addNamed,
  criteriaUsing,
  deleteNamed,
  moveKeyed,
  namedCollection,
  renameNamedId,
} from '../../collab/draft-edits.ts';
import { namedView } from '../../collab/record-views.ts';
import { CODE_PATTERN } from '../../core/standard.ts';
import { orderedEntries } from '../../collab/order-keys.ts';
import { Icon } from '../kit/Icon.tsx';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { CollabText } from '../fields/CollabText.tsx';
import { CommitField } from '../fields/CommitField.tsx';
import { settingsFocusId } from '../validation/problem-location.ts';

/**
 * The areas or parts of the standard: name, id (a code such as `open-data` or `SS` criteria refer to; renaming it moves those
 * criteria along), order, and delete (only when no criterion uses it).
 */
export function NamedListEditor({ kind }: { kind: 'areas' | 'parts' }) {
  const { session, roots, readOnly, focusField } = useEditorContext();
  const collection = namedCollection(session.doc, kind);
  useYVersion(collection);
  useYVersion(roots.criteria, false);
  const entries = orderedEntries(collection);
  const noun = kind === 'areas' ? 'area' : 'part';

  return (
    <div className="named-list" data-focus-id={settingsFocusId(kind)} data-testid={`${kind}-list`}>
      {entries.length > 0 && (
        <div className="named-list__head" aria-hidden="true">
          <span>Name</span>
          <span>Id</span>
          <span className="numeric">Criteria</span>
          <span />
        </div>
      )}
      <ul className="named-list__rows">
        {entries.map(({ key, entry }, index) => {
          const named = namedView(entry);
          const id = named.id ?? '';
          const name = named.name;
          const used = criteriaUsing(session.doc, kind, id);
          const previous = entries[index - 1];
          const next = entries[index + 1];
          return (
            <li key={key} className="named-list__row" data-testid={`${noun}-row`} data-id={id}>
              {name ? (
                <CollabText
                  text={name}
                  className="input"
                  aria-label={`Name of ${noun} ${index + 1}`}
                  focusId={settingsFocusId(`${kind}.${key}.name`)}
                />
              ) : (
                <span className="muted">No name field</span>
              )}
              <CommitField
                value={id}
                readOnly={readOnly}
                className="input--code"
                aria-label={`Id of ${noun} ${index + 1}`}
                focusId={settingsFocusId(`${kind}.${key}.id`)}
                commit={(nextId) => {
                  if (!CODE_PATTERN.test(nextId))
                    return 'Use letters, digits, ".", "_" or "-", e.g. open-data or SS';
                  renameNamedId(session.doc, kind, key, nextId, session.localOrigin);
                  return undefined;
                }}
              />
              <span className="numeric muted">{used}</span>
              {!readOnly && (
                <span className="named-list__actions">
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label={`Move ${noun} up`}
                    title="Move up"
                    disabled={!previous}
                    onClick={() =>
                      previous &&
                      moveKeyed(session.doc, collection, key, { before: previous.key }, session.localOrigin)
                    }
                  >
                    <Icon name="arrowUp" size={14} />
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button--small"
                    aria-label={`Move ${noun} down`}
                    title="Move down"
                    disabled={!next}
                    onClick={() =>
                      next &&
                      moveKeyed(session.doc, collection, key, { after: next.key }, session.localOrigin)
                    }
                  >
                    <Icon name="arrowDown" size={14} />
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button--small icon-button--danger"
                    aria-label={`Delete ${noun}`}
                    title={used > 0 ? `Move its ${used} criteria to another ${noun} first` : `Delete ${noun}`}
                    disabled={used > 0}
                    onClick={() => deleteNamed(session.doc, kind, key, session.localOrigin)}
                  >
                    <Icon name="trash" size={14} />
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {!readOnly && (
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid={`add-${noun}`}
          onClick={() => {
            const key = addNamed(
              session.doc,
              kind,
              kind === 'areas' ? 'New area' : 'New part',
              session.localOrigin,
            );
            focusField(settingsFocusId(`${kind}.${key}.name`));
          }}
        >
          <Icon name="plus" size={14} /> Add {noun}
        </button>
      )}
    </div>
  );
}
