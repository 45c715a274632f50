import type { ReactNode } from 'react';

/** A titled block of the criterion, settings or tiers panel. */
export function FieldSection({
  title,
  hint,
  actions,
  children,
  testId,
}: {
  title: string;
  hint?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <section className="field-section" data-testid={testId}>
      <header className="field-section__header">
        <div>
          <h3 className="field-section__title">{title}</h3>
          {hint && <p className="field-section__hint">{hint}</p>}
        </div>
        {actions && <div className="field-section__actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
