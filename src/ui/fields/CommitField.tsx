import { useEffect, useRef, useState } from 'react';

/**
 * A single-line field for an identifier (a code, a slug, a version label): edited locally and
 * written on Enter or when leaving the field, because half-typed ids ("D", "DM") would otherwise
 * reach everyone as real, conflicting values. Escape puts back the stored value. `commit` returns
 * an error message to keep the field open with it, or undefined when the value was taken.
 */
export function CommitField({
  value,
  commit,
  readOnly,
  focusId,
  className,
  notice,
  ...native
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  commit: (next: string) => string | undefined;
  readOnly: boolean;
  focusId?: string;
  /** A message to show under the field after a commit (e.g. a duplicate warning), cleared on edit. */
  notice?: string;
}) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // Enter commits and then blurs, and blur commits: the second must not write again.
  const lastCommitted = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);

  const save = (): boolean => {
    const next = draft.trim();
    if (next === value || next === lastCommitted.current) {
      setError(undefined);
      return true;
    }
    const problem = commit(next);
    setError(problem);
    if (problem === undefined) lastCommitted.current = next;
    return problem === undefined;
  };

  return (
    <span className={`commit-field${error ? ' commit-field--invalid' : ''}`}>
      <input
        {...native}
        type="text"
        className={`input ${className ?? ''}`}
        value={editing ? draft : value}
        readOnly={readOnly}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error !== undefined}
        data-focus-id={focusId}
        onFocus={(event) => {
          lastCommitted.current = undefined;
          setDraft(value);
          setEditing(true);
          native.onFocus?.(event);
        }}
        onChange={(event) => {
          setDraft(event.target.value);
          setError(undefined);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            if (save()) event.currentTarget.blur();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            setDraft(value);
            setError(undefined);
            event.currentTarget.blur();
          }
          native.onKeyDown?.(event);
        }}
        onBlur={(event) => {
          if (!save()) setDraft(value);
          setEditing(false);
          native.onBlur?.(event);
        }}
      />
      {(error ?? notice) && (
        <span className={`field-note${error ? ' field-note--error' : ' field-note--warning'}`} role="status">
          {error ?? notice}
        </span>
      )}
    </span>
  );
}
