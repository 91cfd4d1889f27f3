// "Make a peer group" (/benchmarks/peer-group?body=): for administrators and Treasury analysts,
// a body's nearest neighbours on chosen indicators by CIPFA's method, from
// POST /comparison-groups/nearest-neighbours. "Preview" asks with save false (200) and shows the
// neighbours; "Save as comparison group" asks with save true (201) and stores them as a named
// comparison group, offered from then on wherever groups are (the indicator explorer, runs).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { leftOutTable } from '../benchmarkTables';
import { BodyPicker } from '../components/BodyPicker';
import { ChartWithTable, PlotFigure } from '../components/Chart';
import { DataTable } from '../components/DataTable';
import type { ErrorItem } from '../components/ErrorSummary';
import { Breadcrumbs, ErrorSummary, Fieldset, LoadError, Loading, Select, SuccessBanner, TextInput, errorItems } from '../components/ui';
import { rankingChartHeight } from '../chartSizes';
import { pluralise } from '../format';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { bodyOptionLabel, explorerHref, findBody, groupOptions } from '../measure';
import {
  buildNeighboursRequest,
  chosenIndicators,
  defaultGroupName,
  DISTANCE_CHART_LIMIT,
  distanceChartData,
  distanceTable,
  EMPTY_PEER_FORM,
  effectivePeriod,
  indicatorFieldId,
  indicatorHint,
  indicatorsFieldsetError,
  neighbourErrors,
  neighboursTable,
  peerPeriods,
  resultSentence,
  toggleIndicator,
  weightFieldId,
  type PeerGroupForm,
} from '../peerGroup';
import { csvFilename } from '../tables';
import { can } from '../state';
import type { Body, ComparisonGroup, Indicator, NeighboursRequest, NeighboursResult } from '../types';

/** A result with what was asked for it (the page's form may have changed since). */
interface Answer {
  result: NeighboursResult;
  request: NeighboursRequest;
  bodyName: string;
  indicators: Indicator[];
}

export function PeerGroupPage() {
  const { user } = useSession();
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  usePageTitle('Make a peer group', errors.length > 0);
  const crumbs = <Breadcrumbs items={[{ text: 'Home', href: '/' }, { text: 'Benchmarking', href: '/benchmarks' }, { text: 'Make a peer group' }]} />;
  if (!can(user, 'runBenchmarks')) {
    return (
      <>
        {crumbs}
        <h1 class="govuk-heading-l">You cannot make peer groups</h1>
        <p class="govuk-body">Only administrators and Treasury analysts can make peer groups.</p>
      </>
    );
  }
  return (
    <>
      {crumbs}
      <MakePeerGroup errors={errors} onErrors={setErrors} />
    </>
  );
}

function MakePeerGroup({ errors, onErrors }: { errors: ErrorItem[]; onErrors: (items: ErrorItem[]) => void }) {
  const indicators = useAsync(() => api.listIndicators(), []);
  const bodies = useAsync(() => api.listBodies(), []);
  const groups = useAsync(() => api.listComparisonGroups().catch(() => ({ items: [] as ComparisonGroup[] })), []);
  const [form, setForm] = useState<PeerGroupForm>(EMPTY_PEER_FORM);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [saved, setSaved] = useState<ComparisonGroup | null>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const set = (patch: Partial<PeerGroupForm>) => setForm((f) => ({ ...f, ...patch }));

  // ?body=<id> starts with that body chosen.
  useEffect(() => {
    const id = Number(new URLSearchParams(window.location.search).get('body'));
    const b = bodies.data?.items.find((x) => x.id === id);
    if (b) setForm((f) => (f.bodyText ? f : { ...f, bodyText: bodyOptionLabel(b) }));
  }, [bodies.data]);
  // A new preview (not a save, whose banner takes focus) moves focus to its heading.
  useEffect(() => {
    if (answer && !answer.request.save) resultsRef.current?.focus();
  }, [answer]);

  const title = (
    <>
      <h1 class="govuk-heading-l">Make a peer group</h1>
      <p class="govuk-body" data-testid="method">
        A peer group is a body’s nearest neighbours on the indicators you choose, found by CIPFA’s method: each indicator is
        standardised across the candidate bodies to mean 0 and standard deviation 1, so different units count alike; bodies are
        compared by the weighted Euclidean distance between their standardised values, rebased so that the body’s farthest
        candidate is 1; the k nearest are its neighbours.
      </p>
    </>
  );
  if (indicators.error) return <>{title}<LoadError error={indicators.error} /></>;
  if (bodies.error) return <>{title}<LoadError error={bodies.error} /></>;
  if (!indicators.data || !bodies.data) return <>{title}<Loading what="Loading indicators and bodies" /></>;

  const all: Indicator[] = indicators.data.items;
  const bodyList: Body[] = bodies.data.items;
  const chosen = chosenIndicators(all, form.indicators);
  const available = peerPeriods(chosen);
  const period = effectivePeriod(available, form.period);
  const body = findBody(form.bodyText, bodyList);

  const ask = async (save: boolean) => {
    const built = buildNeighboursRequest({ ...form, period }, { bodies: bodyList, indicators: all }, save);
    if (!built.request) {
      setFieldErrors(built.errors);
      onErrors(Object.entries(built.errors).map(([field, text]) => ({ text, field })));
      return;
    }
    const request = built.request;
    const bodyName = bodyList.find((b) => b.id === request.body_id)?.name ?? `body ${request.body_id}`;
    setBusy(save ? 'save' : 'preview');
    setSaved(null);
    try {
      const result = await api.nearestNeighbours(request);
      setFieldErrors({});
      onErrors([]);
      setAnswer({ result, request, bodyName, indicators: chosenIndicators(all, request.indicators) });
      setSaved(save ? result.group : null);
      if (save) groups.reload();
    } catch (err) {
      const apiErr = toApiError(err);
      if (apiErr.status === 422 || apiErr.status === 400 || apiErr.status === 409) {
        const { items, fields } = neighbourErrors(apiErr, request, all, bodyName);
        setFieldErrors(fields);
        onErrors(items);
      } else {
        setFieldErrors({});
        onErrors(errorItems(apiErr));
      }
    } finally {
      setBusy(null);
    }
  };

  const firstKey = answer?.request.indicators[0] ?? '';
  return (
    <>
      {saved && answer ? (
        <SuccessBanner key={saved.id}>
          <h3 class="govuk-notification-banner__heading" data-testid="saved">
            Comparison group “{saved.name}” saved
          </h3>
          <p class="govuk-body">
            It holds {answer.bodyName} and its {pluralise(answer.result.neighbours.length, 'nearest neighbour')}, and is offered wherever comparison
            groups are.{' '}
            <a
              class="govuk-notification-banner__link"
              data-testid="saved-explorer"
              href={explorerHref(firstKey, { body: answer.request.body_id, period: answer.result.period, group: 'group', groupId: saved.id })}
            >
              Compare {answer.bodyName} with {saved.name} on {answer.indicators[0]?.name ?? firstKey}
            </a>
            , or{' '}
            <a class="govuk-notification-banner__link" href={`/indicators?body=${answer.request.body_id}`}>
              choose another indicator
            </a>
            .
          </p>
        </SuccessBanner>
      ) : null}
      <ErrorSummary items={errors} />
      {title}
      <form
        noValidate
        data-testid="peer-group-form"
        onSubmit={(e) => {
          e.preventDefault();
          void ask(false);
        }}
      >
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-two-thirds">
            <BodyPicker
              id="body"
              label="Body"
              labelClass="govuk-label--s"
              hint="The body to find neighbours for. Start typing a name or code."
              value={form.bodyText}
              onInput={(v) => set({ bodyText: v })}
              error={fieldErrors.body}
              bodies={bodyList}
            />
            <Fieldset
              id="indicators"
              legend="Indicators to compare on"
              legendClass="govuk-fieldset__legend--s"
              hint="CIPFA’s method compares bodies on descriptive variables – what a body is like and whom it serves, such as population, population density or deprivation – rather than on how well it does. Give an indicator a weight above 1 to count it more, below 1 to count it less."
              error={indicatorsFieldsetError(fieldErrors, all.length)}
            >
              {all.length ? (
                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  {all.map((ind, i) => (
                    <IndicatorItem
                      key={ind.key}
                      ind={ind}
                      i={i}
                      checked={form.indicators.includes(ind.key)}
                      onCheck={(on) => setForm((f) => toggleIndicator(f, ind.key, on))}
                      weight={form.weights[ind.key] ?? '1'}
                      onWeight={(v) => setForm((f) => ({ ...f, weights: { ...f.weights, [ind.key]: v } }))}
                      weightError={fieldErrors[weightFieldId(i)]}
                    />
                  ))}
                </div>
              ) : (
                <p class="govuk-body">There are no indicators yet. Import some first.</p>
              )}
            </Fieldset>
            <Select
              id="period"
              label="Period"
              labelClass="govuk-label--s"
              hint={chosen.length ? 'Periods in which every chosen indicator has data' : undefined}
              value={period}
              onChange={(v) => set({ period: v })}
              error={fieldErrors.period}
              options={
                available.length
                  ? [...available].reverse().map((p) => ({ value: p, text: p }))
                  : [{ value: '', text: chosen.length ? 'No period has data for every chosen indicator' : 'Choose indicators first' }]
              }
            />
            <TextInput
              id="k"
              label="Number of neighbours"
              labelClass="govuk-label--s"
              hint="CIPFA’s published groups have 15."
              value={form.k}
              onInput={(v) => set({ k: v })}
              width="3"
              inputMode="numeric"
              error={fieldErrors.k}
            />
            <Select
              id="group"
              label="Choose neighbours from"
              labelClass="govuk-label--s"
              hint="Bodies with a value for every chosen indicator in the period. Same type and same region are the chosen body’s."
              value={form.group}
              onChange={(v) => set({ group: v })}
              error={fieldErrors.group}
              options={groupOptions(groups.data?.items ?? [], body?.id ?? null)}
            />
            <TextInput
              id="name"
              label="Group name (optional)"
              labelClass="govuk-label--s"
              hint={`Used when you save. Leave empty to call it “${defaultGroupName(body?.name ?? '<body>')}”. The name must not be in use.`}
              value={form.name}
              onInput={(v) => set({ name: v })}
              error={fieldErrors.name}
            />
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button" disabled={busy !== null} data-module="govuk-button" data-testid="preview">
                {busy === 'preview' ? 'Finding neighbours…' : 'Preview'}
              </button>
              <button type="button" class="govuk-button govuk-button--secondary" disabled={busy !== null} onClick={() => void ask(true)} data-testid="save">
                {busy === 'save' ? 'Saving…' : 'Save as comparison group'}
              </button>
            </div>
          </div>
        </div>
      </form>
      {answer ? <Results answer={answer} headingRef={resultsRef} /> : null}
    </>
  );
}

/** One indicator's checkbox, with its weight revealed while it is ticked. */
function IndicatorItem({
  ind,
  i,
  checked,
  onCheck,
  weight,
  onWeight,
  weightError,
}: {
  ind: Indicator;
  i: number;
  checked: boolean;
  onCheck: (on: boolean) => void;
  weight: string;
  onWeight: (v: string) => void;
  weightError?: string;
}) {
  const id = indicatorFieldId(i);
  return (
    <>
      <div class="govuk-checkboxes__item">
        <input
          class="govuk-checkboxes__input"
          id={id}
          name="indicators"
          type="checkbox"
          value={ind.key}
          checked={checked}
          aria-describedby={`${id}-item-hint`}
          aria-controls={checked ? `${id}-conditional` : undefined}
          onChange={(e) => onCheck((e.currentTarget as HTMLInputElement).checked)}
        />
        <label class="govuk-label govuk-checkboxes__label" for={id}>
          {ind.name}
        </label>
        <div id={`${id}-item-hint`} class="govuk-hint govuk-checkboxes__hint">
          {indicatorHint(ind)}
        </div>
      </div>
      {checked ? (
        <div class="govuk-checkboxes__conditional" id={`${id}-conditional`}>
          <TextInput
            id={weightFieldId(i)}
            label={`Weight for ${ind.name}`}
            hint="1 unless it should count more or less than the others"
            value={weight}
            onInput={onWeight}
            width="3"
            inputMode="decimal"
            error={weightError}
          />
        </div>
      ) : null}
    </>
  );
}

function Results({ answer, headingRef }: { answer: Answer; headingRef: { current: HTMLHeadingElement | null } }) {
  const { result, request, bodyName, indicators } = answer;
  const saved = result.group;
  const chart = distanceChartData(result);
  const names = indicators.map((i) => i.name).join(', ');
  const weighted = request.weights ? ` (weights ${request.weights.join(', ')})` : '';
  return (
    <section aria-labelledby="neighbours-title" class="pvf-start-run" data-testid="neighbours-result">
      <h2 class="govuk-heading-m" id="neighbours-title" tabIndex={-1} ref={headingRef}>
        Nearest neighbours of {bodyName}
      </h2>
      <p class="govuk-body" data-testid="result-status">
        {saved ? `Saved as the comparison group “${saved.name}”.` : 'This is a preview: nothing has been saved.'}
      </p>
      <p class="govuk-body" data-testid="result-summary">
        {resultSentence(result, bodyName)} Compared on {names}
        {weighted}.
      </p>
      {result.left_out.length ? (
        <details class="govuk-details" data-testid="left-out">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">{pluralise(result.left_out.length, 'body was', 'bodies were')} left out</span>
          </summary>
          <div class="govuk-details__text">
            <DataTable model={leftOutTable(result)} caption="Bodies left out and why" captionClass="govuk-visually-hidden" small />
          </div>
        </details>
      ) : null}
      {result.neighbours.length ? (
        <DataTable id="neighbours" model={neighboursTable(result)} caption={`${bodyName}’s neighbours, nearest first`} captionClass="govuk-table__caption--s" small sortable />
      ) : (
        <p class="govuk-body">No neighbours were found.</p>
      )}
      {result.neighbours.length && result.neighbours.length <= DISTANCE_CHART_LIMIT ? (
        <ChartWithTable
          title="Distances"
          id="distances"
          headingLevel={3}
          table={distanceTable(result)}
          csv={csvFilename(bodyName, 'nearest neighbours', result.period)}
          description={`Each bar is a neighbour’s distance from ${bodyName}: 0 would be identical on every chosen indicator, and 1 (the dashed line) is the farthest candidate.`}
        >
          <PlotFigure
            label={`Bar chart of the distances of ${bodyName}’s ${pluralise(chart.bars.length, 'nearest neighbour')}, nearest first`}
            deps={[result]}
            height={rankingChartHeight(chart.bars.length)}
            make={(charts, w) => charts.rankingChart(chart, { axisLabel: 'Distance → 1 = the farthest candidate' }, w)}
          />
        </ChartWithTable>
      ) : null}
    </section>
  );
}
