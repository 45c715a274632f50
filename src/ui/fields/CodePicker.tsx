import { useId, useMemo, useRef, useState } from 'react';
import { Icon } from '../kit/Icon.tsx';

export interface CodeOption {
  readonly code: string;
  readonly label: string;
}

/**
 * Picks criterion codes (prerequisites, required criteria, lineage sources): the chosen codes as
 * removable chips, then a combobox that filters the options by code or title. Keyboard: ↑/↓ to
 * move in the list, Enter to add, Backspace in the empty box to remove the last chip, Escape to close.
 * A chosen code that is no longer an option (renamed, deleted) stays visible, marked as unknown.
 */
export function CodePicker({
  value,
  options,
  onChange,
  readOnly,
  placeholder = 'Add…',
  focusId,
  testId,
  label,
}: {
  value: readonly string[];
  options: readonly CodeOption[];
  onChange: (next: string[]) => void;
  readOnly: boolean;
  placeholder?: string;
  focusId?: string;
  testId?: string;
  label: string;
}) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const known = useMemo(() => new Map(options.map((option) => [option.code, option])), [options]);

  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return options
      .filter((option) => !value.includes(option.code))
      .filter(
        (option) =>
          needle === '' ||
          option.code.toLowerCase().includes(needle) ||
          option.label.toLowerCase().includes(needle),
      )
      .slice(0, 50);
  }, [options, value, query]);

  const add = (code: string) => {
    if (!value.includes(code)) onChange([...value, code]);
    setQuery('');
    setActive(0);
  };
  const remove = (code: string) => onChange(value.filter((item) => item !== code));

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, matches.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter') {
      const choice = matches[active];
      if (open && choice) {
        event.preventDefault();
        add(choice.code);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
      }
    } else if (event.key === 'Backspace' && query === '' && value.length > 0) {
      const last = value[value.length - 1];
      if (last !== undefined) remove(last);
    }
  };

  return (
    <div
      className={`code-picker${readOnly ? ' code-picker--readonly' : ''}`}
      data-focus-id={focusId}
      data-testid={testId}
    >
      <ul className="code-picker__chips" aria-label={label}>
        {value.map((code) => (
          <li
            key={code}
            className={`chip${known.has(code) ? '' : ' chip--unknown'}`}
            title={known.get(code)?.label ?? 'Unknown code'}
          >
            <span className="chip__code">{code}</span>
            {known.get(code) && <span className="chip__label">{known.get(code)?.label}</span>}
            {!readOnly && (
              <button
                type="button"
                className="chip__remove"
                aria-label={`Remove ${code}`}
                onClick={() => remove(code)}
              >
                <Icon name="x" size={12} />
              </button>
            )}
          </li>
        ))}
        {value.length === 0 && readOnly && <li className="muted">None</li>}
      </ul>
      {!readOnly && (
        <div className="code-picker__box">
          <input
            ref={inputRef}
            className="input input--bare"
            role="combobox"
            aria-label={label}
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && matches[active] ? `${listId}-${active}` : undefined}
            placeholder={placeholder}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setOpen(true);
              setActive(0);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setOpen(false)}
            onKeyDown={onKeyDown}
          />
          {open && matches.length > 0 && (
            <ul className="code-picker__list" id={listId} role="listbox" aria-label={`${label} options`}>
              {matches.map((option, index) => (
                <li
                  key={option.code}
                  id={`${listId}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  className={`code-picker__option${index === active ? ' code-picker__option--active' : ''}`}
                  // mousedown, not click: the input's blur would close the list first.
                  onMouseDown={(event) => {
                    event.preventDefault();
                    add(option.code);
                  }}
                  onMouseEnter={() => setActive(index)}
                >
                  <span className="code-picker__code">{option.code}</span>
                  <span className="code-picker__label">{option.label}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
