import { useEffect, useId, useRef, useState } from 'react';
import { standardView } from '../../collab/record-views.ts';
import { diffStandards } from '../../core/diff/standard-diff.ts';
import { suggestNextVersionLabel } from '../../core/draft-from-version.ts';
import { ApiError } from '../shell/api-client.ts';
import { Icon } from '../kit/Icon.tsx';
import { followLink } from '../shell/navigation.ts';
import { hrefs } from '../shell/routes.ts';
import { useEditorContext } from '../draft/editor-context.ts';
import { locateProblem, problemPlace } from '../validation/problem-location.ts';
import { Dialog } from '../kit/Dialog.tsx';
import { ProblemList } from './ProblemList.tsx';
import type { ProblemText } from './problem-text.ts';
import { PUBLISH_CONFLICT, type PublishReply, loadVersion, versionsApi } from './versions-api.ts';
import { waitUntilSaved } from './wait-until-saved.ts';

type Outcome =
  | { status: 'editing' }
  | { status: 'working' }
  | { status: 'refused'; message: string; problems: readonly string[] }
  | { status: 'stale'; message: string }
  | { status: 'unchanged'; message: string }
  | {
      status: 'published';
      reply: PublishReply;
      /** What the published version was based on. */ from: string | null;
    };

/** The draft state the dialog shows and the chair publishes (H6), as the server read it. */
type Review =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | {
      status: 'ready';
      state: string;
      criteria: number;
      tiers: number;
      problems: number;
      /** Changes since the version the draft is based on; null when there is none to compare with. */
      changes: number | null;
      basedOn: string | null;
    };

/** Loads the draft as the server holds it once this tab's edits are saved: the state to review. */
async function loadReview(
  session: Parameters<typeof waitUntilSaved>[0],
  standardId: string,
): Promise<Review> {
  await waitUntilSaved(session);
  const detail = await versionsApi.draft(session.draftId);
  const { content } = detail;
  const base =
    content.basedOn === null ? null : await loadVersion(standardId, content.basedOn).catch(() => null);
  return {
    status: 'ready',
    state: detail.state,
    criteria: content.criteria.length,
    tiers: content.tiers.length,
    problems: detail.problems.length,
    changes: base ? diffStandards(base, content).changes.length : null,
    basedOn: content.basedOn,
  };
}

/**
 * A chair publishes the live draft as an immutable version (V1): label (the draft's own, or the next
 * free one), status (`published`, or `comment` for a public comment draft) and effective dates. The
 * server validates it; a refusal lists every problem (C5), each a link to the field to fix.
 *
 * What is published is what the dialog shows (H6): it names the draft state it loaded (a short hash, with
 * its size and changes since the basedOn version), and the server refuses when the draft moved on since;
 * the dialog then offers to review again. With no changes since the basedOn version, the chair has to
 * insist ("publish anyway") to make an identical version.
 */
export default function PublishDialog({ onClose }: { onClose: () => void }) {
  const { session, roots, selectCriterion, showPanel, focusField } = useEditorContext();
  const standardId = standardView(roots).id ?? '';
  const draftLabel = standardView(roots).version ?? '';
  const basedOn = standardView(roots).basedOn ?? null;
  const [taken, setTaken] = useState<readonly string[]>();
  const [label, setLabel] = useState(draftLabel);
  const [touched, setTouched] = useState(false);
  const [status, setStatus] = useState<'published' | 'comment'>('published');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ status: 'editing' });
  const [review, setReview] = useState<Review>({ status: 'loading' });
  const [reviewRound, setReviewRound] = useState(0);
  const [force, setForce] = useState(false);
  const ids = useId();
  const done = useRef<HTMLButtonElement>(null);

  // The Publish button that had focus is gone (disabled while working, then replaced): give focus to the
  // way out, or a keyboard user is left on the page behind the dialog with nowhere to Tab.
  useEffect(() => {
    if (outcome.status === 'published') done.current?.focus();
  }, [outcome.status]);

  useEffect(() => {
    let current = true;
    setReview({ status: 'loading' });
    loadReview(session, standardId).then(
      (loaded) => current && setReview(loaded),
      (error: unknown) =>
        current &&
        setReview({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [session, standardId, reviewRound]);

  const reviewAgain = () => {
    setOutcome({ status: 'editing' });
    setForce(false);
    setReviewRound((round) => round + 1);
  };

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
    if (review.status !== 'ready') return;
    setOutcome({ status: 'working' });
    try {
      const reply = await versionsApi.publish(session.draftId, {
        version: label.trim(),
        status,
        ...(from ? { effective: { from, ...(until ? { until } : {}) } } : {}),
        reviewed: review.state,
        ...(force ? { force } : {}),
      });
      // The draft moves on as it publishes: remember what the new version was based on, for the diff link.
      setOutcome({ status: 'published', reply, from: review.basedOn });
    } catch (error) {
      if (error instanceof ApiError && error.reason === PUBLISH_CONFLICT.draftChanged) {
        setOutcome({ status: 'stale', message: error.message });
        return;
      }
      if (error instanceof ApiError && error.reason === PUBLISH_CONFLICT.noChanges) {
        setOutcome({ status: 'unchanged', message: error.message });
        return;
      }
      setOutcome({
        status: 'refused',
        message: error instanceof Error ? error.message : String(error),
        problems: error instanceof ApiError ? error.problems : [],
      });
    }
  };

  // Problems are located in the draft as it is now, the state the server just checked.
  const draft = session.draft.get();
  const names = {
    criteria: draft.criteria.map((criterion) => criterion.id),
    tiers: draft.tiers.map((tier) => tier.name || tier.id),
    areas: draft.areas.map((area) => area.name || area.id),
    parts: (draft.parts ?? []).map((part) => part.name || part.id),
  };
  const jump = (problem: ProblemText) => {
    const target = locateProblem(problem.path, {
      criteria: [...session.draft.keys('criteria')],
      tiers: [...session.draft.keys('tiers')],
      areas: [...session.draft.keys('areas')],
      parts: [...session.draft.keys('parts')],
    });
    onClose();
    if (target.panel === 'outline') return;
    if (target.panel === 'criterion') selectCriterion(target.criterionKey);
    else showPanel(target.panel);
    focusField(target.focusId);
  };

  if (outcome.status === 'published') {
    const { reply, from: publishedFrom } = outcome;
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
          <p data-testid="publish-moved-on">
            The draft is now {reply.draft.version}, based on {reply.draft.basedOn}.
          </p>
          <div className="dialog__links">
            {publishedFrom && (
              <a
                className="button button--small"
                href={hrefs.diff(standardId, publishedFrom, reply.version)}
                onClick={followLink}
                data-testid="publish-diff-link"
              >
                <Icon name="compare" size={14} /> What changed since {publishedFrom}
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
            disabled={
              outcome.status === 'working' ||
              outcome.status === 'stale' ||
              review.status !== 'ready' ||
              label.trim() === '' ||
              labelTaken ||
              ((review.changes === 0 || outcome.status === 'unchanged') && !force)
            }
          >
            {outcome.status === 'working' ? 'Publishing…' : `Publish ${label.trim() || 'version'}`}
          </button>
        </>
      }
    >
      <ReviewedState
        review={review}
        unchanged={outcome.status === 'unchanged'}
        force={force}
        onForce={setForce}
      />
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
      {outcome.status === 'stale' && (
        <div className="callout callout--error" role="alert" data-testid="publish-stale">
          <p className="callout__title">
            The draft changed since you reviewed it (someone edited it). Nothing was published.
          </p>
          <button
            type="button"
            className="button button--small"
            data-testid="publish-review-again"
            onClick={reviewAgain}
          >
            <Icon name="history" size={14} /> Review the current draft
          </button>
        </div>
      )}
      {outcome.status === 'unchanged' && (
        <div className="callout callout--error" role="alert" data-testid="publish-unchanged">
          <p className="callout__title">Nothing was published: {outcome.message}.</p>
        </div>
      )}
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

/** The draft state under review: its short hash and what it holds; with no changes, the "publish anyway" box. */
function ReviewedState({
  review,
  unchanged,
  force,
  onForce,
}: {
  review: Review;
  /** The server said there are no changes, whatever the dialog counted. */
  unchanged: boolean;
  force: boolean;
  onForce: (force: boolean) => void;
}) {
  if (review.status === 'loading') {
    return (
      <p className="dialog__hint" role="status" data-testid="publish-review-loading">
        <span className="spinner" aria-hidden="true" /> Loading the draft as the server holds it…
      </p>
    );
  }
  if (review.status === 'failed') {
    return (
      <div className="callout callout--error" role="alert" data-testid="publish-review-failed">
        <p className="callout__title">Cannot load the draft to review: {review.message}</p>
      </div>
    );
  }
  const changes =
    review.changes === null || review.basedOn === null
      ? ''
      : ` · ${review.changes} ${review.changes === 1 ? 'change' : 'changes'} since ${review.basedOn}`;
  return (
    <div className="callout" data-testid="publish-review" data-state={review.state}>
      <p>
        Publishing the draft as reviewed, state{' '}
        <code data-testid="publish-state" title={review.state}>
          {review.state.slice(0, 12)}
        </code>
        : {review.criteria} criteria, {review.tiers} tiers{changes}
        {review.problems > 0 ? ` · ${review.problems} problems to fix` : ''}.
      </p>
      {(review.changes === 0 || unchanged) && (
        <label className="choice">
          <input
            type="checkbox"
            checked={force}
            data-testid="publish-force"
            onChange={(event) => onForce(event.currentTarget.checked)}
          />
          <span>
            <strong>No changes since {review.basedOn}.</strong>
            <span className="choice__hint">Publish anyway, as a version identical to {review.basedOn}.</span>
          </span>
        </label>
      )}
    </div>
  );
}
