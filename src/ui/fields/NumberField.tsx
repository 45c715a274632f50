import { useEffect, useId, useState } from 'react';
import type * as Y from 'yjs';
import { setPlainField } from '../../collab/draft-edits.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { useYVersion } from '../draft/use-y.ts';
import { type NumberRules, formatNumberInput, parseNumberInput } from './number-input.ts';

type NativeInputProps = Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/**
 * A number input over a stored value (last writer wins). Valid input is written as you type —
 * others see a threshold move live — invalid input is shown as such and not written; a change from
 * elsewhere (a collaborator, undo) replaces what the field shows unless it already says that.
 */
export function NumberInput({
  value,
  onCommit,
  rules,
  focusId,
  suffix,
  className,
  invalid = false,
  ...native
}: NativeInputProps & {
  value: unknown;
  onCommit: (value: number | undefined) => void;
  rules: NumberRules;
  focusId?: string;
  suffix?: string;
  /**
   * A well-formed value that breaks a rule of the draft (a tier below the one under it): marked invalid
   * like a typo; the caller shows why and names that text in `aria-describedby`.
   */
  invalid?: boolean;
}) {
  const { readOnly } = useEditorContext();
  const [draft, setDraft] = useState(() => formatNumberInput(value));
  const parsed = parseNumberInput(draft, rules);
  const errorId = useId();
  const describedBy =
    [native['aria-describedby'], parsed.ok ? undefined : errorId].filter(Boolean).join(' ') || undefined;

  useEffect(() => {
    setDraft((current) => {
      const mine = parseNumberInput(current, rules);
      return mine.ok && mine.value === value ? current : formatNumberInput(value);
    });
    // `rules` is a fresh object on every render; only the stored value matters here.
  }, [value]);

  return (
    <span
      className={`number-field${parsed.ok && !invalid ? '' : ' number-field--invalid'}${className ? ` ${className}` : ''}`}
    >
      <input
        {...native}
        type="text"
        inputMode={rules.integer ? 'numeric' : 'decimal'}
        className="input input--number"
        value={draft}
        readOnly={readOnly}
        aria-invalid={!parsed.ok || invalid}
        aria-describedby={describedBy}
        data-focus-id={focusId}
        title={parsed.ok ? native.title : parsed.message}
        onChange={(event) => {
          const next = event.target.value;
          setDraft(next);
          const result = parseNumberInput(next, rules);
          if (result.ok && result.value !== value) onCommit(result.value);
        }}
        onBlur={(event) => {
          if (!parseNumberInput(draft, rules).ok) setDraft(formatNumberInput(value));
          native.onBlur?.(event);
        }}
      />
      {suffix && <span className="number-field__suffix">{suffix}</span>}
      {!parsed.ok && (
        <span className="number-field__error" id={errorId} role="status">
          {parsed.message}
        </span>
      )}
    </span>
  );
}

/** A {@link NumberInput} bound to a plain field of a Y.Map; an empty optional field deletes it. */
export function NumberField({
  map,
  field,
  ...props
}: NativeInputProps & {
  map: Y.Map<unknown>;
  field: string;
  rules: NumberRules;
  focusId?: string;
  suffix?: string;
  invalid?: boolean;
}) {
  const { session } = useEditorContext();
  useYVersion(map, false);
  return (
    <NumberInput
      {...props}
      value={map.get(field)}
      onCommit={(value) => setPlainField(session.doc, map, field, value, session.localOrigin)}
    />
  );
}
