import './PageMessage.css';

/** A centred message for loading and error states. */
export function PageMessage({
  title,
  detail,
  busy = false,
  children,
}: {
  title: string;
  detail?: string | undefined;
  busy?: boolean;
  children?: React.ReactNode;
}) {
  return (
    <div className="page-message" role={busy ? 'status' : undefined}>
      {busy && <span className="spinner" aria-hidden="true" />}
      <h1 className="page-message__title">{title}</h1>
      {detail && <p className="page-message__detail">{detail}</p>}
      {children}
    </div>
  );
}
