// Clerical review of a linkage run (issue 5): the unlabelled stored pairs closest to the threshold
// first, twenty at a time. Each shows the two records side by side with the level each column
// reached; "Match" or "Not a match" posts the label and the answer's quality (precision and
// recall estimated from every label so far) replaces the one shown, then the next pair comes up
// with focus on its heading. Native buttons throughout: Tab and Enter or Space do everything.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { DataTable } from '../components/DataTable';
import { PersonalDataNote, QualityPanel, SectionError } from '../components/LinkageParts';
import { ErrorSummary, Loading, errorItems } from '../components/ui';
import { formatProbability, formatWeight, pluralise } from '../format';
import { toApiError, useAsync } from '../hooks';
import { explainHref, levelLabel, reviewText } from '../linkage';
import { linkageApi } from '../linkageApi';
import { recordPairTable } from '../linkageTables';
import type { LinkageQuality, LinkageRun, ReviewItem, ReviewLabelValue } from '../types';

export const REVIEW_BATCH = 20;

export function ReviewSection({ r, canChange, onQuality }: { r: LinkageRun; canChange: boolean; onQuality: (q: LinkageQuality) => void }) {
  if (!canChange)
    return (
      <>
        <QualityPanel quality={r.quality} />
        <div class="govuk-inset-text" data-testid="review-read-only">
          Viewers cannot label pairs. {r.reviews ? `Members have reviewed ${pluralise(r.reviews, 'pair')} of this run.` : 'No pair of this run has been reviewed yet.'}
        </div>
      </>
    );
  return <ReviewQueue r={r} onQuality={onQuality} />;
}

function ReviewQueue({ r, onQuality }: { r: LinkageRun; onQuality: (q: LinkageQuality) => void }) {
  const [batch, setBatch] = useState(0);
  const queue = useAsync(() => linkageApi.reviewQueue(r.id, REVIEW_BATCH), [r.id, batch]);
  const [index, setIndex] = useState(0);
  const [quality, setQuality] = useState<LinkageQuality | null>(r.quality);
  const [said, setSaid] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => setIndex(0), [queue.data]);
  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
  }, [index, queue.data]);

  const items = queue.data?.items ?? [];
  const item: ReviewItem | undefined = items[index];

  const label = async (value: ReviewLabelValue) => {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      const res = await linkageApi.label(r.id, item.left, item.right, value);
      setQuality(res.quality);
      onQuality(res.quality);
      setSaid(`Pair ${index + 1} labelled: ${reviewText(value).toLowerCase()}.`);
      moved.current = true;
      setIndex((i) => i + 1);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const skip = () => {
    setSaid(`Pair ${index + 1} skipped.`);
    moved.current = true;
    setIndex((i) => i + 1);
  };

  return (
    <>
      <p class="govuk-body">
        Say whether each pair is about the same person. The pairs nearest the threshold come first: they are the ones the model is least
        sure of. Each label refines the estimated precision and recall of the run; labels do not change the run’s predictions.
      </p>
      <PersonalDataNote />
      <QualityPanel quality={quality} />
      <p class="govuk-visually-hidden" role="status" aria-live="polite" data-testid="review-status">
        {said}
      </p>
      {queue.error ? <SectionError error={queue.error} what="The pairs to review" /> : null}
      {queue.loading && !queue.data ? <Loading what="Loading pairs to review" /> : null}
      {queue.data && !items.length ? (
        <p class="govuk-body" data-testid="review-empty">
          There are no unlabelled pairs to review.
        </p>
      ) : null}
      {item ? (
        <section class="pvf-review-item" aria-labelledby="review-item-title" data-testid="review-item">
          <h2 class="govuk-heading-m" id="review-item-title" tabIndex={-1} ref={headingRef}>
            Pair {index + 1} of {items.length}
          </h2>
          <p class="govuk-body" data-testid="review-scores">
            Match weight <strong>{formatWeight(item.match_weight)}</strong>, match probability <strong>{formatProbability(item.match_probability)}</strong>
            : {item.predicted ? 'predicted a match' : 'not predicted a match'}.{' '}
            <a class="govuk-link" href={explainHref(r.id, item.left, item.right)}>
              See how the weight is made
            </a>
          </p>
          <DataTable
            id="review-records"
            model={recordPairTable(item.left_record, item.right_record, {
              levels: Object.fromEntries(Object.entries(item.gammas).map(([col, g]) => [col, levelLabel(r.model, col, g)])),
              order: r.model.comparisons.map((c) => c.column),
            })}
            caption="The two records side by side"
            captionClass="govuk-visually-hidden"
            small
          />
          {error ? <ErrorSummary title="The label was not saved" items={errorItems(error)} /> : null}
          <div class="govuk-button-group" role="group" aria-label={`Label pair ${index + 1}`}>
            <button type="button" class="govuk-button" onClick={() => label('match')} disabled={busy} data-testid="label-match">
              Match<span class="govuk-visually-hidden">: the same person</span>
            </button>
            <button type="button" class="govuk-button govuk-button--warning" onClick={() => label('non_match')} disabled={busy} data-testid="label-non-match">
              Not a match<span class="govuk-visually-hidden">: different people</span>
            </button>
            <button type="button" class="govuk-button govuk-button--secondary" onClick={skip} disabled={busy} data-testid="label-skip">
              Skip<span class="govuk-visually-hidden"> this pair</span>
            </button>
          </div>
        </section>
      ) : null}
      {queue.data && items.length && !item ? (
        <section class="pvf-review-item" aria-labelledby="review-item-title" data-testid="review-done">
          <h2 class="govuk-heading-m" id="review-item-title" tabIndex={-1} ref={headingRef}>
            You have been through this batch
          </h2>
          <button
            type="button"
            class="govuk-button"
            onClick={() => {
              moved.current = true;
              setBatch((b) => b + 1);
            }}
          >
            Get more pairs to review
          </button>
        </section>
      ) : null}
    </>
  );
}
