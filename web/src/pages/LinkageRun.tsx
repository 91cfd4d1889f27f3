// One linkage run (issue 5), in sections with URLs of their own, so each can be bookmarked and
// the back button works: the summary and the match-weight distribution (/linkage/runs/{id}),
// the model (/model, LinkageModel.tsx), the pairs (/pairs) and one pair explained (/pairs/explain,
// LinkagePairs.tsx), the clusters (/clusters, /clusters/{cluster}, LinkageClusters.tsx) and
// clerical review (/review, LinkageReview.tsx). The run is read once for every section.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { HISTOGRAM_CHART_HEIGHT } from '../chartSizes';
import { LINKAGE_COLOURS } from '../chartColours';
import { ChartWithTable, PlotFigure, preloadCharts } from '../components/Chart';
import { TableWithCsv } from '../components/CsvButton';
import { DeleteButton, QualityPanel, WarningText } from '../components/LinkageParts';
import { MeasureLegend } from '../components/MeasureLegend';
import { Breadcrumbs, LoadError, Loading, SuccessBanner, type Crumb } from '../components/ui';
import { formatDateTime, formatProbability, formatWeight, pluralise } from '../format';
import { useAsync, usePageTitle, useSession } from '../hooks';
import { candidatePairsText, canChangeLinkage, linkageRunTitle, linkTypeLabel, runSectionHref, runSections, type RunSection } from '../linkage';
import { linkageApi } from '../linkageApi';
import { blockingRulesTable, histogramData, histogramTable, stageSecondsTable } from '../linkageTables';
import { formatNumber, formatSeconds } from '../measure';
import { navigate } from '../router';
import { setFlash, takeFlash } from '../state';
import { csvFilename } from '../tables';
import type { Agreement, LinkageRun } from '../types';
import { ClusterSection, ClustersSection } from './LinkageClusters';
import { ModelSection } from './LinkageModel';
import { ExplainSection, PairsSection } from './LinkagePairs';
import { ReviewSection } from './LinkageReview';

const SECTION_TITLES: Record<RunSection, string> = {
  summary: 'Summary',
  model: 'Model',
  pairs: 'Pairs',
  explain: 'Explain a pair',
  clusters: 'Clusters',
  cluster: 'Cluster',
  review: 'Clerical review',
};

export function LinkageRunPage({ id, section, cluster }: { id: number; section: RunSection; cluster?: number }) {
  const { user } = useSession();
  // Viewers read the run; only other members change it (the API refuses a viewer's writes).
  const canChange = canChangeLinkage(user?.role);
  const run = useAsync(() => linkageApi.getRun(id), [id]);
  const agreementId = run.data?.agreement_id ?? null;
  const agreement = useAsync(
    () => (agreementId !== null ? linkageApi.getAgreement(agreementId).catch(() => null as Agreement | null) : Promise.resolve(null)),
    [agreementId],
  );
  const [flash] = useState(takeFlash);
  useEffect(preloadCharts, []);
  const r = run.data;
  const sectionTitle = section === 'cluster' ? `Cluster ${cluster}` : SECTION_TITLES[section];
  usePageTitle(r ? `${section === 'summary' ? '' : `${sectionTitle} – `}${linkageRunTitle(r)}` : run.error?.status === 404 ? 'Page not found' : 'Linkage run');
  if (run.error) return <LoadError error={run.error} />;
  if (!r) return <Loading what="Loading the run" />;
  const a = agreement.data ?? null;
  const crumbs: Crumb[] = [
    { text: 'Home', href: '/' },
    { text: 'Record linkage', href: '/linkage' },
    { text: a?.title ?? 'Agreement', href: `/linkage/agreements/${r.agreement_id}` },
    { text: linkageRunTitle(r), href: section === 'summary' ? undefined : `/linkage/runs/${r.id}` },
    ...(section === 'summary' ? [] : section === 'cluster' ? [{ text: 'Clusters', href: runSectionHref(r.id, 'clusters') }, { text: sectionTitle }] : [{ text: sectionTitle }]),
  ];
  return (
    <>
      <Breadcrumbs items={crumbs} />
      {flash ? <SuccessBanner>{flash}</SuccessBanner> : null}
      <span class="govuk-caption-l">{linkTypeLabel(r.link_type)}</span>
      <h1 class="govuk-heading-l">{linkageRunTitle(r)}</h1>
      <RunNav id={r.id} current={section === 'cluster' ? 'clusters' : section} canChange={canChange} />
      {section === 'summary' ? <SummarySection r={r} canChange={canChange} /> : null}
      {section === 'model' ? <ModelSection r={r} /> : null}
      {section === 'pairs' ? <PairsSection r={r} canChange={canChange} /> : null}
      {section === 'explain' ? <ExplainSection r={r} canChange={canChange} /> : null}
      {section === 'clusters' ? <ClustersSection r={r} /> : null}
      {section === 'cluster' && cluster !== undefined ? <ClusterSection r={r} cluster={cluster} canChange={canChange} /> : null}
      {section === 'review' ? <ReviewSection r={r} canChange={canChange} onQuality={(q) => run.setData({ ...r, quality: q })} /> : null}
    </>
  );
}

function RunNav({ id, current, canChange }: { id: number; current: RunSection; canChange: boolean }) {
  return (
    <nav class="pvf-subnav" aria-label="Sections of this run">
      <ul class="pvf-subnav__list">
        {runSections(canChange).map((s) => (
          <li class={`pvf-subnav__item${s.key === current ? ' pvf-subnav__item--current' : ''}`} key={s.key}>
            <a class="govuk-link govuk-link--no-visited-state pvf-subnav__link" href={runSectionHref(id, s.key)} aria-current={s.key === current ? 'page' : undefined}>
              {s.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

// ---------- the summary ----------

function SummarySection({ r, canChange }: { r: LinkageRun; canChange: boolean }) {
  const n = (v: number) => formatNumber(v, 0);
  const rows: { key: string; value: ComponentChildren }[] = [
    {
      key: r.datasets.length === 1 ? 'Dataset' : 'Datasets',
      value: (
        <ul class="govuk-list">
          {r.datasets.map((d) => (
            <li key={d.id}>
              {d.name} ({d.party}, {formatNumber(d.rows, 0)} {d.rows === 1 ? 'record' : 'records'})
            </li>
          ))}
        </ul>
      ),
    },
    { key: 'Records', value: n(r.records) },
    { key: 'Candidate pairs', value: <span data-testid="fact-candidates">{n(r.candidate_pairs)}</span> },
    { key: 'Predicted pairs', value: <span data-testid="fact-predicted">{n(r.predicted_pairs)}</span> },
    { key: 'Clusters', value: n(r.clusters) },
    {
      key: 'Threshold',
      value: (
        <span data-testid="fact-threshold">
          Match probability {formatProbability(r.threshold_match_probability)}, match weight {formatWeight(r.threshold_match_weight)}
        </span>
      ),
    },
    {
      key: 'Training',
      value: (
        <span data-testid="fact-converged">
          {r.converged ? 'Converged' : <strong class="govuk-tag govuk-tag--orange">Did not converge</strong>} after{' '}
          {pluralise(r.model.iterations, 'EM iteration')}
        </span>
      ),
    },
    { key: 'Settings', value: r.settings_proposed ? 'Proposed from the data' : 'Written by hand' },
    { key: 'Pairs reviewed', value: n(r.reviews) },
    { key: 'Run by', value: `${r.created_by_name}, ${formatDateTime(r.created_at)}` },
    { key: 'Time taken', value: formatSeconds(r.seconds) },
  ];
  const warnings = r.summary.warnings ?? [];
  return (
    <>
      {warnings.length ? (
        <WarningText testId="run-warnings">
          {warnings.length === 1 ? (
            warnings[0]
          ) : (
            <>
              {warnings.length} things to know about this run:
              <ul class="govuk-list govuk-list--bullet pvf-warning-list">
                {warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </>
          )}
        </WarningText>
      ) : null}
      <dl class="govuk-summary-list govuk-summary-list--no-border pvf-facts" data-testid="run-facts">
        {rows.map((row) => (
          <div class="govuk-summary-list__row" key={row.key}>
            <dt class="govuk-summary-list__key">{row.key}</dt>
            <dd class="govuk-summary-list__value">{row.value}</dd>
          </div>
        ))}
      </dl>
      <div class="govuk-button-group">
        <a class="govuk-button govuk-button--secondary" href={linkageApi.pairsCsvUrl(r.id)} download data-testid="pairs-csv">
          Download pairs as CSV<span class="govuk-visually-hidden"> (record references, no values)</span>
        </a>
        {canChange ? (
          <DeleteButton
            label="Delete this run"
            question="Are you sure you want to delete this run?"
            consequence="Its pairs, clusters and review labels are deleted for every member. The datasets stay. This cannot be undone."
            yes="Yes, delete this run"
            action={async () => {
              await linkageApi.deleteRun(r.id);
              setFlash(`The run “${linkageRunTitle(r)}” has been deleted.`);
              navigate(`/linkage/agreements/${r.agreement_id}`, { replace: true });
            }}
          />
        ) : null}
      </div>
      <p class="govuk-body-s">The CSV names records by dataset and row only, with no values.</p>
      <QualityPanel quality={r.quality} />
      <Histogram r={r} />
      <section aria-labelledby="blocking-title">
        <h2 class="govuk-heading-m" id="blocking-title">
          Blocking rules
        </h2>
        <p class="govuk-body-s">
          A pair of records is compared only when every key of some rule agrees: {candidatePairsText(r.candidate_pairs, r.summary.total_pairs)}.
          A pair found by more than one rule is compared once.
        </p>
        <TableWithCsv id="blocking" model={blockingRulesTable(r)} caption="Blocking rules" captionClass="govuk-visually-hidden" small filename={csvFilename(linkageRunTitle(r), 'blocking-rules')} what="Blocking rules" />
      </section>
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">Time taken by each stage</span>
        </summary>
        <div class="govuk-details__text">
          <TableWithCsv id="stages" model={stageSecondsTable(r)} caption="Time taken by each stage" captionClass="govuk-visually-hidden" small filename={csvFilename(linkageRunTitle(r), 'stages')} what="Time taken by each stage" />
        </div>
      </details>
      <details class="govuk-details">
        <summary class="govuk-details__summary">
          <span class="govuk-details__summary-text">The settings {r.settings_proposed ? 'proposed from the data' : 'used'} (S.json)</span>
        </summary>
        <div class="govuk-details__text">
          <p class="govuk-body-s">Copy them into a new run to change them.</p>
          <pre class="pvf-json" tabIndex={0} data-testid="run-settings">
            {JSON.stringify(r.settings, null, 2)}
          </pre>
        </div>
      </details>
    </>
  );
}

function Histogram({ r }: { r: LinkageRun }) {
  const [log, setLog] = useState(true);
  const d = histogramData(r);
  return (
    <ChartWithTable
      title="Match weight distribution"
      id="histogram"
      table={histogramTable(d)}
      csv={csvFilename(linkageRunTitle(r), 'match-weights')}
      description={
        <>
          The match weights of all {formatNumber(d.total, 0)} candidate pairs, in bins one unit wide. Pairs at or above the threshold
          weight, {formatWeight(d.threshold)} (the dashed line), are predicted matches: {formatNumber(d.above, 0)} pairs fall in those bins.
          A clear gap between the two humps means the model separates matches well.
        </>
      }
    >
      <MeasureLegend
        items={[
          { key: 'band', colour: LINKAGE_COLOURS.above, text: 'At or above the threshold (green)' },
          { key: 'band', colour: LINKAGE_COLOURS.below, text: 'Below the threshold (grey)' },
          { key: 'dashed', colour: LINKAGE_COLOURS.threshold, text: 'The threshold match weight (dashed line)' },
        ]}
      />
      <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div class="govuk-checkboxes__item">
          <input class="govuk-checkboxes__input" id="histogram-log" type="checkbox" checked={log} onChange={(e) => setLog((e.currentTarget as HTMLInputElement).checked)} />
          <label class="govuk-label govuk-checkboxes__label" for="histogram-log">
            Logarithmic scale (so the few likely matches show beside the many non-matches)
          </label>
        </div>
      </div>
      {d.bars.length ? (
        <PlotFigure
          label={`Histogram of ${formatNumber(d.total, 0)} candidate pairs by match weight, with the threshold at ${formatWeight(d.threshold)}`}
          deps={[r.id, log]}
          height={HISTOGRAM_CHART_HEIGHT}
          make={(charts, w) => charts.histogramChart(d, { log }, w)}
        />
      ) : (
        <p class="govuk-body">The run has no candidate pairs.</p>
      )}
    </ChartWithTable>
  );
}
