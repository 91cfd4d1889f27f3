import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorSummary, errorItems, type ErrorItem } from './ErrorSummary';
import { Radios, SuccessBanner, Textarea, TextInput } from './ui';
import { CONFIDENCE_LABELS } from '../format';
import { sortedScale } from '../heatmap';
import { toApiError, usePageTitle } from '../hooks';
import { navigate } from '../router';
import { ratingFieldId, safeUrl } from '../ratings';
import type { Area, AssessmentDetail, Confidence, Evidence, FrameworkDefinition, Rating } from '../types';

/** Form to rate an area: level, rationale, confidence and evidence links; saves through the API. */
export function RatingForm({
  assessment,
  def,
  area,
  rating,
  onSaved,
  nextHref,
}: {
  assessment: AssessmentDetail;
  def: FrameworkDefinition;
  area: Area;
  rating: Rating | undefined;
  onSaved: (r: Rating) => void;
  nextHref: string;
}) {
  const [level, setLevel] = useState(rating?.level != null ? String(rating.level) : '');
  const [rationale, setRationale] = useState(rating?.rationale ?? '');
  const [confidence, setConfidence] = useState<string>(rating?.confidence ?? '');
  const [evidence, setEvidence] = useState<Evidence[]>(rating?.evidence?.length ? rating.evidence : []);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(`${area.title} – ${assessment.body_name} ${assessment.period}`, errors.length > 0);

  const save = async (goNext: boolean) => {
    setSaved(null);
    const fe: Record<string, string> = {};
    if (!level) fe.level = 'Select a level for this area';
    if (!confidence) fe.confidence = 'Select how confident you are in this rating';
    const ev = evidence.filter((e) => e.url.trim() || e.note.trim());
    ev.forEach((e, i) => {
      if (e.url.trim() && !safeUrl(e.url)) fe[`evidence-${i}-url`] = `Evidence ${i + 1}: enter a web address starting with http:// or https://`;
    });
    setFieldErrors(fe);
    if (Object.keys(fe).length) {
      setErrors(Object.entries(fe).map(([k, v]) => ({ text: v, field: k })));
      return;
    }
    setBusy(true);
    try {
      const r = await api.saveRating(assessment.id, area.key, {
        level: Number(level),
        rationale: rationale.trim(),
        confidence: confidence as Confidence,
        evidence: ev.map((e) => ({ url: e.url.trim(), note: e.note.trim() })),
      });
      setEvidence(ev);
      setErrors([]);
      onSaved({ ...r, area: r.area ?? area.key });
      if (goNext) navigate(nextHref);
      else setSaved(`Rating saved for ${area.title}`);
    } catch (err) {
      const ae = toApiError(err);
      const fe2: Record<string, string> = {};
      for (const d of ae.details) {
        const f = ratingFieldId(d.where);
        if (f) fe2[f] = d.message;
      }
      setErrors(errorItems(ae, {}, (where) => {
        const f = ratingFieldId(where);
        return f ? { field: f } : undefined;
      }));
      setFieldErrors(fe2);
    } finally {
      setBusy(false);
    }
  };

  const setEv = (i: number, k: keyof Evidence, v: string) =>
    setEvidence(evidence.map((e, j) => (j === i ? { ...e, [k]: v } : e)));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save(false);
      }}
      noValidate
      data-testid="rating-form"
    >
      <ErrorSummary items={errors} />
      {saved ? <SuccessBanner>{saved}</SuccessBanner> : null}
      <Radios
        id="level"
        name="level"
        legend="Which level best describes this area?"
        legendClass="govuk-fieldset__legend--m"
        hint="Choose the descriptor that best matches the evidence."
        value={level}
        onChange={setLevel}
        error={fieldErrors.level}
        options={sortedScale(def.scale).map((l) => ({
          value: String(l.level),
          text: `${l.level} – ${l.label}`,
          hint: area.descriptors[String(l.level)],
        }))}
      />
      <Textarea
        id="rationale"
        label="Rationale"
        labelClass="govuk-label--m"
        hint="Explain why this level was chosen, referring to the evidence."
        value={rationale}
        onInput={setRationale}
        rows={6}
        error={fieldErrors.rationale}
      />
      <Radios
        id="confidence"
        name="confidence"
        legend="How confident are you in this rating?"
        legendClass="govuk-fieldset__legend--m"
        value={confidence}
        onChange={setConfidence}
        error={fieldErrors.confidence}
        inline
        options={(['low', 'medium', 'high'] as Confidence[]).map((c) => ({ value: c, text: CONFIDENCE_LABELS[c] }))}
      />
      <fieldset class="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby="evidence-hint">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Evidence</legend>
        <div id="evidence-hint" class="govuk-hint">
          Link to documents, data or reports that support the rating.
        </div>
        {evidence.length === 0 ? <p class="govuk-body">No evidence added.</p> : null}
        {evidence.map((e, i) => (
          <div class="pvf-evidence-item" key={i} data-testid="evidence-item">
            <h3 class="govuk-heading-s">Evidence {i + 1}</h3>
            <TextInput
              id={`evidence-${i}-url`}
              label={`Web address (evidence ${i + 1})`}
              type="url"
              value={e.url}
              onInput={(v) => setEv(i, 'url', v)}
              spellcheck={false}
              error={fieldErrors[`evidence-${i}-url`]}
            />
            <TextInput
              id={`evidence-${i}-note`}
              label={`Note (evidence ${i + 1})`}
              value={e.note}
              onInput={(v) => setEv(i, 'note', v)}
              error={fieldErrors[`evidence-${i}-note`]}
            />
            <button
              type="button"
              class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={() => setEvidence(evidence.filter((_, j) => j !== i))}
            >
              Remove<span class="govuk-visually-hidden"> evidence {i + 1}</span>
            </button>
          </div>
        ))}
        <button
          type="button"
          class="govuk-button govuk-button--secondary"
          onClick={() => {
            setEvidence([...evidence, { url: '', note: '' }]);
            window.setTimeout(() => document.getElementById(`evidence-${evidence.length}-url`)?.focus(), 0);
          }}
        >
          Add evidence
        </button>
      </fieldset>
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button" disabled={busy} data-testid="save-rating">
          Save rating
        </button>
        <button type="button" class="govuk-button govuk-button--secondary" disabled={busy} onClick={() => save(true)}>
          Save and go to next area
        </button>
      </div>
    </form>
  );
}
