// A linkage run's pairs (issue 5): the stored pairs (predicted, and near misses), highest weight
// first, a page at a time, filtered by match weight in the URL; and one pair explained: both
// records side by side and the waterfall of weights from the prior to the final match weight.
// The explanation is a POST, so record values and unique ids stay out of URLs: the page's URL
// names the records by dataset and row number only.
import { useEffect, useState } from 'preact/hooks';
import { specErrors } from '../benchmark';
import { LINKAGE_COLOURS } from '../chartColours';
import { waterfallChartHeight } from '../chartSizes';
import { ChartWithTable, PlotFigure } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import type { ErrorItem } from '../components/ErrorSummary';
import { PersonalDataNote, ShowMore, useCursorList } from '../components/LinkageParts';
import { MeasureLegend } from '../components/MeasureLegend';
import { ErrorSummary, Fieldset, Loading, Radios, Select, TextInput, errorItems } from '../components/ui';
import { formatProbability, formatWeight, pluralise } from '../format';
import { toApiError, useQuery } from '../hooks';
import { explainHref, linkageRunTitle, parseExplainQuery, parseNumberInput, positiveInt, reviewText } from '../linkage';
import { linkageApi } from '../linkageApi';
import { pairsTable, recordPairTable, waterfallData, waterfallTable } from '../linkageTables';
import { href, navigate } from '../router';
import { csvFilename } from '../tables';
import type { LinkageRun, PairExplanation, RecordIdRef, RecordRef } from '../types';

const PAGE_SIZE = 50;

export function PairsSection({ r, canChange }: { r: LinkageRun; canChange: boolean }) {
  const qs = useQuery();
  const min = parseNumberInput(qs.get('min_weight'));
  const max = parseNumberInput(qs.get('max_weight'));
  const [minText, setMinText] = useState(min === null ? '' : String(min));
  const [maxText, setMaxText] = useState(max === null ? '' : String(max));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    setMinText(min === null ? '' : String(min));
    setMaxText(max === null ? '' : String(max));
  }, [min, max]);
  const list = useCursorList((cursor) => linkageApi.listPairs(r.id, { min_weight: min, max_weight: max, limit: PAGE_SIZE, cursor }), [r.id, min, max]);
  const apply = (e: Event) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    const lo = parseNumberInput(minText);
    const hi = parseNumberInput(maxText);
    if (minText.trim() && lo === null) fe['min-weight'] = 'Enter a number, such as −2.5';
    if (maxText.trim() && hi === null) fe['max-weight'] = 'Enter a number, such as 10';
    if (lo !== null && hi !== null && lo > hi) fe['max-weight'] = 'The highest weight must not be below the lowest';
    setFieldErrors(fe);
    if (Object.keys(fe).length) return;
    navigate(href(`/linkage/runs/${r.id}/pairs`, { min_weight: lo, max_weight: hi }), { focus: false });
  };
  return (
    <>
      <p class="govuk-body">
        The stored pairs: every pair at or above the threshold match weight ({formatWeight(r.threshold_match_weight)}) and the near misses
        up to 4 below it, highest weight first.{canChange ? ' Choose a pair to see how its weight was made.' : ''}
      </p>
      <form class="pvf-filters pvf-filters--compact" onSubmit={apply} aria-label="Filter pairs by match weight" noValidate>
        <TextInput id="min-weight" label="Lowest match weight" value={minText} onInput={setMinText} width="5" inputMode="decimal" error={fieldErrors['min-weight']} />
        <TextInput id="max-weight" label="Highest match weight" value={maxText} onInput={setMaxText} width="5" inputMode="decimal" error={fieldErrors['max-weight']} />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Show pairs
        </button>
      </form>
      <div class="govuk-button-group">
        <a class="govuk-button govuk-button--secondary" href={linkageApi.pairsCsvUrl(r.id, { min_weight: min, max_weight: max })} download data-testid="pairs-csv">
          Download {min !== null || max !== null ? 'these pairs' : 'all pairs'} as CSV<span class="govuk-visually-hidden"> (record references, no values)</span>
        </a>
      </div>
      {list.loading && !list.items.length ? <Loading what="Loading pairs" /> : null}
      {list.error ? <ErrorSummary items={errorItems(list.error)} /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        <p class="govuk-body" data-testid="no-pairs">
          No stored pair has a match weight in that range.
        </p>
      ) : null}
      {list.items.length ? (
        <DataTable
          id="pairs"
          caption={`${pluralise(list.items.length, 'pair')}${list.hasMore ? ' shown' : ''}, highest match weight first`}
          captionClass="govuk-table__caption--s"
          model={pairsTable(list.items, r.id, r.datasets, { explain: canChange })}
          small
        />
      ) : null}
      <ShowMore list={list} what="pairs" />
    </>
  );
}

// ---------- one pair explained ----------

type Side = 'left' | 'right';
interface SideForm {
  dataset: string;
  by: 'row' | 'unique_id';
  value: string;
}

const refKey = (l: RecordRef, r: RecordRef) => `${l.dataset_id}:${l.row}|${r.dataset_id}:${r.row}`;

function sideFromRef(ref: RecordRef | null, fallback: string): SideForm {
  return ref ? { dataset: String(ref.dataset_id), by: 'row', value: String(ref.row) } : { dataset: fallback, by: 'row', value: '' };
}

/** The explain form's field for a 422 detail's `where` (`left.row`, `right.unique_id`, `right.dataset_id`). */
function explainFieldForWhere(where: string): { field: string; label: string } | undefined {
  const m = /^\$?\.?(left|right)(?:\.(dataset_id|row|unique_id))?/.exec(where.trim());
  if (!m) return undefined;
  const label = m[1] === 'left' ? 'First record' : 'Second record';
  return { field: m[2] === 'dataset_id' ? `${m[1]}-dataset` : `${m[1]}-value`, label };
}

export function ExplainSection({ r, canChange }: { r: LinkageRun; canChange: boolean }) {
  if (!canChange)
    return (
      <div class="govuk-inset-text" data-testid="explain-read-only">
        Viewers cannot ask how a pair’s match weight is made. The{' '}
        <a class="govuk-link" href={`/linkage/runs/${r.id}/pairs`}>
          pairs
        </a>{' '}
        show each pair’s match weight and probability; a member of the agreement who is not a viewer can explain them.
      </div>
    );
  return <ExplainForm r={r} />;
}

function ExplainForm({ r }: { r: LinkageRun }) {
  const qs = useQuery();
  const refs = parseExplainQuery(qs);
  const urlKey = refs.left && refs.right ? refKey(refs.left, refs.right) : null;
  const firstDs = String(r.datasets[0]?.id ?? '');
  const secondDs = String(r.datasets[1]?.id ?? r.datasets[0]?.id ?? '');
  const [form, setForm] = useState<Record<Side, SideForm>>({ left: sideFromRef(refs.left, firstDs), right: sideFromRef(refs.right, secondDs) });
  const [result, setResult] = useState<{ key: string; e: PairExplanation } | null>(null);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const explain = async (left: RecordRef | RecordIdRef, right: RecordRef | RecordIdRef) => {
    setBusy(true);
    setErrors([]);
    setFieldErrors({});
    try {
      const e = await linkageApi.explain(r.id, left, right);
      const key = refKey(e.left, e.right);
      setResult({ key, e });
      // Found by unique id: the URL names the records by row number instead, never by id.
      if (key !== urlKey) navigate(explainHref(r.id, { dataset_id: e.left.dataset_id, row: e.left.row }, { dataset_id: e.right.dataset_id, row: e.right.row }), { replace: true, focus: false });
    } catch (err) {
      const ae = toApiError(err);
      const { items, fields } = ae.details.length ? specErrors(ae, explainFieldForWhere) : { items: errorItems(ae), fields: {} };
      setErrors(items);
      setFieldErrors(fields);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  // The records in the URL: explained once each time they change (each explanation is audited).
  useEffect(() => {
    if (!urlKey || !refs.left || !refs.right) return;
    setForm({ left: sideFromRef(refs.left, firstDs), right: sideFromRef(refs.right, secondDs) });
    if (result?.key === urlKey) return;
    void explain(refs.left, refs.right);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [urlKey]);

  const submit = (e: Event) => {
    e.preventDefault();
    const fe: Record<string, string> = {};
    const built: Partial<Record<Side, RecordRef | RecordIdRef>> = {};
    for (const side of ['left', 'right'] as Side[]) {
      const f = form[side];
      const dataset = positiveInt(f.dataset);
      if (dataset === null) fe[`${side}-dataset`] = 'Choose a dataset';
      if (f.by === 'row') {
        const row = positiveInt(f.value);
        if (row === null) fe[`${side}-value`] = 'Enter a row number, 1 for the first data row';
        else if (dataset !== null) built[side] = { dataset_id: dataset, row };
      } else if (!f.value.trim()) fe[`${side}-value`] = 'Enter the record’s unique id';
      else if (dataset !== null) built[side] = { dataset_id: dataset, unique_id: f.value.trim() };
    }
    setFieldErrors(fe);
    if (Object.keys(fe).length || !built.left || !built.right) {
      setErrors(['left-dataset', 'left-value', 'right-dataset', 'right-value'].filter((k) => fe[k]).map((k) => ({ text: fe[k], field: k })));
      return;
    }
    setErrors([]);
    const l = built.left;
    const rr = built.right;
    if ('row' in l && 'row' in rr) {
      if (refKey(l, rr) === urlKey) void explain(l, rr);
      else navigate(explainHref(r.id, l, rr), { focus: false });
    } else void explain(l, rr);
  };

  const setSide = (side: Side, patch: Partial<SideForm>) => setForm((f) => ({ ...f, [side]: { ...f[side], ...patch } }));
  const datasetOptions = r.datasets.map((d) => ({ value: String(d.id), text: `${d.name} (${d.party})` }));
  return (
    <>
      <p class="govuk-body">
        Choose any two records of the run’s datasets to see how the model scores them: the prior, then each comparison’s step for
        or against a match. Choose a pair from the <a class="govuk-link" href={`/linkage/runs/${r.id}/pairs`}>pairs</a> to fill this in.
      </p>
      <ErrorSummary items={errors} />
      <form onSubmit={submit} noValidate data-testid="explain-form" class="pvf-explain-form">
        {(['left', 'right'] as Side[]).map((side) => (
          <Fieldset key={side} id={`${side}-record`} legend={side === 'left' ? 'First record' : 'Second record'} legendClass="govuk-fieldset__legend--s">
            <Select id={`${side}-dataset`} label="Dataset" value={form[side].dataset} onChange={(v) => setSide(side, { dataset: v })} options={datasetOptions} error={fieldErrors[`${side}-dataset`]} />
            <Radios
              id={`${side}-by`}
              name={`${side}-by`}
              legend="Find the record by"
              legendClass="govuk-fieldset__legend--s"
              inline
              small
              value={form[side].by}
              onChange={(v) => setSide(side, { by: v as SideForm['by'], value: '' })}
              options={[
                { value: 'row', text: 'Row number' },
                { value: 'unique_id', text: 'Unique id' },
              ]}
            />
            <TextInput
              id={`${side}-value`}
              label={form[side].by === 'row' ? 'Row number' : 'Unique id'}
              hint={form[side].by === 'row' ? '1 is the first data row of the file.' : 'Sent in the request only: it never appears in the page’s address.'}
              value={form[side].value}
              onInput={(v) => setSide(side, { value: v })}
              width={form[side].by === 'row' ? '10' : '20'}
              inputMode={form[side].by === 'row' ? 'numeric' : undefined}
              autocomplete="off"
              error={fieldErrors[`${side}-value`]}
            />
          </Fieldset>
        ))}
        <button type="submit" class="govuk-button" disabled={busy}>
          Explain this pair
        </button>
      </form>
      {busy ? <Loading what="Scoring the pair" /> : null}
      {result ? <Explanation r={r} e={result.e} /> : null}
    </>
  );
}

function Explanation({ r, e }: { r: LinkageRun; e: PairExplanation }) {
  const bars = waterfallData(e);
  return (
    <section aria-labelledby="explanation-title" data-testid="explanation">
      <h2 class="govuk-heading-m" id="explanation-title" tabIndex={-1}>
        {e.left.dataset_name}, row {e.left.row} and {e.right.dataset_name}, row {e.right.row}
      </h2>
      <div class="pvf-headline" data-testid="explanation-headline">
        <p class="govuk-body-l">
          Match weight <strong data-testid="explanation-weight">{formatWeight(e.match_weight)}</strong>, match probability{' '}
          <strong data-testid="explanation-probability">{formatProbability(e.match_probability)}</strong>:{' '}
          {e.predicted ? 'a predicted match' : 'not a predicted match'} (threshold {formatWeight(r.threshold_match_weight)}).
        </p>
        {e.review ? <p class="govuk-body">Clerical review: {reviewText(e.review)}.</p> : null}
      </div>
      <PersonalDataNote />
      <DataTable id="records" model={recordPairTable(e.left, e.right, { steps: e.steps })} caption="The two records side by side" captionClass="govuk-table__caption--s" small />
      <ChartWithTable
        title="How the match weight is made"
        id="waterfall"
        table={waterfallTable(bars)}
        csv={csvFilename(linkageRunTitle(r), 'pair-explained')}
        description={
          <>
            From the prior ({formatWeight(e.prior_weight)}), each comparison moves the weight up (agreement: evidence for a match) or down
            (disagreement). The last bar is the total, {formatWeight(e.match_weight)}, probability {formatProbability(e.match_probability)}.
          </>
        }
      >
        <MeasureLegend
          items={[
            { key: 'band', colour: LINKAGE_COLOURS.prior, text: 'The prior (grey)' },
            { key: 'band', colour: LINKAGE_COLOURS.positive, text: 'A step up, for a match (green)' },
            { key: 'band', colour: LINKAGE_COLOURS.negative, text: 'A step down, against (red)' },
            { key: 'band', colour: LINKAGE_COLOURS.final, text: 'The final match weight (blue)' },
          ]}
        />
        <PlotFigure
          label={`Waterfall chart: prior ${formatWeight(e.prior_weight)}, ${e.steps.map((s) => `${s.column} ${formatWeight(s.weight, true)}`).join(', ')}, final ${formatWeight(e.match_weight)}`}
          deps={[e]}
          height={waterfallChartHeight(bars.length)}
          make={(charts, w) => charts.waterfallChart(bars, w)}
        />
      </ChartWithTable>
    </section>
  );
}
