import { useEffect, useId, useRef, useState } from 'react';
import { readDraftFromDoc } from '../../collab/doc-to-standard.ts';
import { META, stringField } from '../../collab/draft-layout.ts';
import { orderedKeys } from '../../collab/order-keys.ts';
import { suggestNextVersionLabel } from '../../core/draft-from-version.ts';
import { ApiError } from '../app/api-client.ts';
import { Icon } from '../app/Icon.tsx';
import { followLink } from '../app/navigation.ts';
import { hrefs } from '../app/routes.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { locateProblem, problemPlace } from '../validation/problem-location.ts';
import { Dialog } from './Dialog.tsx';
import { ProblemList } from './ProblemList.tsx';
import type { ProblemText } from './problem-text.ts';
import { type PublishReply, versionsApi } from './versions-api.ts';
import { waitUntilSaved } from './wait-until-saved.ts';

type Outcome =
  | { status: 'editing' }
  | { status: 'working' }
  | { status: 'refused'; message: string; problems: readonly string[] }
  | { status: 'published'; reply: PublishReply };

/**
 * A chair publishes the live draft as an immutable version (V1): label (the draft's own, or the next
 * free one), status (`published`, or `comment` for a public comment draft) and effective dates. The
 * server validates it; a refusal lists every problem (C5), each a link to the field to fix.
 */
export default function PublishDialog({ onClose }: { onClose: () => void }) {
  const { session, roots, selectCriterion, showPanel, focusField } = useEditorContext();
  const standardId = stringField(roots.meta, META.id) ?? '';
  const draftLabel = stringField(roots.meta, META.version) ?? '';
  const basedOn = stringField(roots.meta, META.basedOn) ?? null;
  const [taken, setTaken] = useState<readonly string[]>();
  const [label, setLabel] = useState(draftLabel);
  const [touched, setTouched] = useState(false);
  const [status, setStatus] = useState<'published' | 'comment'>('published');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ status: 'editing' });
  const ids = useId();
  const done = useRef<HTMLButtonElement>(null);

  // The Publish button that had focus is gone (disabled while working, then replaced): give focus to the
  // way out, or a keyboard user is left on the page behind the dialog with nowhere to Tab.
  useEffect(() => {
    if (outcome.status === 'published') done.current?.focus();
  }, [outcome.status]);

  // Suggest the draft's own label, or the next free one when that is published already.
  useEffect(() => {
    let current = true;
    versionsApi.history(standardId).then(
      (versions) => {
        if (!current) return;
        const labels = versions.map((version) => version.version);
        setTaken(labels);
        if (!touched && labels.includes(draftLabel)) setLabel(suggestNextVersionLabel(draftLabel, labels));
      },
      () => current && setTaken([]),
    );
    return () => {
      current = false;
    };
    // The suggestion is made once, when the dialog opens; typing a label afterwards is the chair's choice.
  }, [standardId]);

  const labelTaken = taken?.includes(label.trim()) ?? false;

  const publish = async () => {
    setOutcome({ status: 'working' });
    try {
      await waitUntilSaved(session);
      const reply = await versionsApi.publish(session.draftId, {
        version: label.trim(),
        status,
        ...(from ? { effective: { from, ...(until ? { until } : {}) } } : {}),
      });
      setOutcome({ status: 'published', reply });
    } catch (error) {
      setOutcome({
        status: 'refused',
        message: error instanceof Error ? error.message : String(error),
        problems: error instanceof ApiError ? error.problems : [],
      });
    }
  };

  // Problems are located in the draft as it is now, the state the server just checked.
  const draft = readDraftFromDoc(session.doc);
  const names = {
    criteria: draft.criteria.map((criterion) => criterion.id),
    tiers: draft.tiers.map((tier) => tier.name || tier.id),
    areas: draft.areas.map((area) => area.name || area.id),
    parts: (draft.parts ?? []).map((part) => part.name || part.id),
  };
  const jump = (problem: ProblemText) => {
    const target = locateProblem(problem.path, {
      criteria: orderedKeys(roots.criteria),
      tiers: orderedKeys(roots.tiers),
      areas: orderedKeys(roots.areas),
      parts: orderedKeys(roots.parts),
    });
    onClose();
    if (target.panel === 'outline') return;
    if (target.panel === 'criterion') selectCriterion(target.criterionKey);
    else showPanel(target.panel);
    focusField(target.focusId);
  };

  if (outcome.status === 'published') {
    const { reply } = outcome;
    return (
      <Dialog
        title={`Version ${reply.version} is published`}
        lead={reply.status === 'comment' ? 'Open for public comment.' : 'It can no longer be changed.'}
        testId="publish-dialog"
        onClose={onClose}
        onSubmit={onClose}
        footer={
          <button type="submit" className="button button--primary" data-testid="publish-close" ref={done}>
            Done
          </button>
        }
      >
        <div className="callout callout--ok" data-testid="publish-done" data-version={reply.version}>
          <p>
            <strong>
              {standardId} {reply.version}
            </strong>{' '}
            was stored with checksum <code title={reply.sha256}>{reply.sha256.slice(0, 12)}…</code>
          </p>
          <div className="dialog__links">
            {basedOn && (
              <a
                className="button button--small"
                href={hrefs.diff(standardId, basedOn, reply.version)}
                onClick={followLink}
                data-testid="publish-diff-link"
              >
                <Icon name="compare" size={14} /> What changed since {basedOn}
              </a>
            )}
            <a
              className="button button--small"
              href={`${hrefs.versions(standardId)}#version-${encodeURIComponent(reply.version)}`}
              onClick={followLink}
              data-testid="publish-version-link"
            >
              <Icon name="history" size={14} /> See it in the version history
            </a>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      title="Publish this draft"
      lead="The draft becomes an immutable version; the committee keeps editing the draft."
      testId="publish-dialog"
      onClose={onClose}
      onSubmit={() => void publish()}
      footer={
        <>
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button--primary"
            data-testid="publish-submit"
            disabled={outcome.status === 'working' || label.trim() === '' || labelTaken}
          >
            {outcome.status === 'working' ? 'Publishing…' : `Publish ${label.trim() || 'version'}`}
          </button>
        </>
      }
    >
      <label>
        <span className="field-label">Version label</span>
        <input
          className="input"
          value={label}
          data-testid="publish-label"
          onChange={(event) => {
            setTouched(true);
            setLabel(event.currentTarget.value);
          }}
        />
        <span className={`dialog__hint${labelTaken ? ' dialog__hint--warning' : ''}`}>
          {labelTaken
            ? `${label.trim()} is already published; published versions never change. Choose another label.`
            : basedOn
              ? `Based on ${basedOn}.`
              : 'The first version of this standard.'}
        </span>
      </label>
      <fieldset className="choice-group">
        <legend className="field-label">Status</legend>
        <label className="choice">
          <input
            type="radio"
            name={`${ids}-status`}
            checked={status === 'published'}
            data-testid="publish-status-published"
            onChange={() => setStatus('published')}
          />
          <span>
            <strong>Published</strong>
            <span className="choice__hint">The standard applicants are assessed against.</span>
          </span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name={`${ids}-status`}
            checked={status === 'comment'}
            data-testid="publish-status-comment"
            onChange={() => setStatus('comment')}
          />
          <span>
            <strong>Public comment</strong>
            <span className="choice__hint">A proposal published for comment before it takes effect.</span>
          </span>
        </label>
      </fieldset>
      <div className="dialog__row">
        <label>
          <span className="field-label">Effective from (optional)</span>
          <input
            className="input"
            type="date"
            value={from}
            data-testid="publish-effective-from"
            onChange={(event) => setFrom(event.currentTarget.value)}
          />
        </label>
        <label>
          <span className="field-label">Until (optional)</span>
          <input
            className="input"
            type="date"
            value={until}
            disabled={!from}
            min={from || undefined}
            onChange={(event) => setUntil(event.currentTarget.value)}
          />
        </label>
      </div>
      {outcome.status === 'refused' && (
        <div className="callout callout--error" role="alert" data-testid="publish-refused">
          <p className="callout__title">
            {outcome.problems.length > 0
              ? `Publishing was refused: ${outcome.problems.length} problem${outcome.problems.length === 1 ? '' : 's'} to fix first. Nothing was published.`
              : outcome.message}
          </p>
          {outcome.problems.length > 0 && (
            <ProblemList
              problems={outcome.problems}
              placeOf={(problem) => problemPlace(problem.path, names)}
              onSelect={jump}
            />
          )}
        </div>
      )}
    </Dialog>
  );
}
