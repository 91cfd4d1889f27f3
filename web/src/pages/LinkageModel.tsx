// A linkage run's model (issue 5), as Splink shows one: the prior, the match weight of every
// level of every comparison ("match weights chart"), the shares of matches and non-matches at
// each level ("m u parameters chart"), each comparison's levels as a table, and the EM sessions
// that estimated m. Each chart has its table view and CSV.
import { LINKAGE_COLOURS } from '../chartColours';
import { linkageLabelMargin, matchWeightChartHeight, muChartHeight } from '../chartSizes';
import { ChartWithTable, PlotFigure } from '../components/Chart';
import { TableWithCsv } from '../components/CsvButton';
import { MeasureLegend } from '../components/MeasureLegend';
import { formatProbability, formatWeight, pluralise } from '../format';
import { linkageRunTitle, priorSourceText } from '../linkage';
import { levelsTable, matchWeightData, matchWeightsTable, muData, muTable, sessionsTable } from '../linkageTables';
import { formatNumber } from '../measure';
import { csvFilename } from '../tables';
import type { LinkageComparison, LinkageRun } from '../types';

export function ModelSection({ r }: { r: LinkageRun }) {
  const m = r.model;
  const title = linkageRunTitle(r);
  const weights = matchWeightData(m);
  const mu = muData(m);
  const margin = linkageLabelMargin([weights.prior.label, ...m.comparisons.flatMap((c) => c.levels.map((l) => l.label))]);
  return (
    <>
      <p class="govuk-body">
        Each pair of records is compared column by column. Each comparison falls into a level, from exact agreement down to
        “else”, and each level carries a <strong>match weight</strong>, log<sub>2</sub>(m/u): m is the share of true matches at that
        level, u the share of unrelated pairs. A pair’s match weight is the prior plus the weights of its levels.
      </p>
      <section aria-labelledby="prior-title">
        <h2 class="govuk-heading-m" id="prior-title">
          Prior
        </h2>
        <dl class="govuk-summary-list govuk-summary-list--no-border pvf-facts" data-testid="prior">
          {[
            ['Probability two random records match (λ)', formatProbability(m.probability_two_random_records_match)],
            ['Prior match weight', formatWeight(m.prior_match_weight)],
            ['Where λ comes from', priorSourceText(m.prior_source)],
            ['u estimated from', m.u_exhaustive ? `every pair (${formatNumber(m.u_pairs_sampled, 0)})` : `${formatNumber(m.u_pairs_sampled, 0)} random pairs`],
            ['Training', `${pluralise(m.iterations, 'EM iteration')}, ${m.converged ? 'converged' : 'did not converge'}`],
          ].map(([k, v]) => (
            <div class="govuk-summary-list__row" key={k}>
              <dt class="govuk-summary-list__key">{k}</dt>
              <dd class="govuk-summary-list__value">{v}</dd>
            </div>
          ))}
        </dl>
      </section>
      <ChartWithTable
        title="Match weights"
        id="match-weights"
        table={matchWeightsTable(m)}
        csv={csvFilename(title, 'match-weights')}
        description="Bars to the right are evidence for a match, to the left against. Agreeing on a rare, precise field (a date of birth, a reference number) counts for more than on a common one (sex)."
      >
        <MeasureLegend
          items={[
            { key: 'band', colour: LINKAGE_COLOURS.positive, text: 'For a match: positive weight (green, to the right)' },
            { key: 'band', colour: LINKAGE_COLOURS.negative, text: 'Against a match: negative weight (red, to the left)' },
            { key: 'band', colour: LINKAGE_COLOURS.prior, text: 'The prior (grey)' },
          ]}
        />
        <h3 class="govuk-heading-s pvf-chart-part">Prior</h3>
        <PlotFigure
          label={`The prior match weight, ${formatWeight(m.prior_match_weight)}`}
          deps={[r.id, 'prior']}
          height={matchWeightChartHeight(1)}
          make={(charts, w) => charts.matchWeightChart([weights.prior], weights.domain, w, { margin })}
        />
        {weights.comparisons.map((c) => (
          <div key={c.column}>
            <h3 class="govuk-heading-s pvf-chart-part">{c.column}</h3>
            <PlotFigure
              label={`Match weights of ${c.column}: ${c.bars.map((b) => `${b.label} ${formatWeight(b.weight, true)}`).join(', ')}`}
              deps={[r.id, c.column]}
              height={matchWeightChartHeight(c.bars.length)}
              make={(charts, w) => charts.matchWeightChart(c.bars, weights.domain, w, { margin })}
            />
          </div>
        ))}
      </ChartWithTable>
      <ChartWithTable
        title="m and u probabilities"
        id="m-u"
        table={muTable(m)}
        csv={csvFilename(title, 'm-u')}
        description="For each comparison, the share of true matches (m, left) and of non-matches (u, right) that fall in each level. Each column adds up to 1. A useful comparison puts most matches at exact and most non-matches at else."
      >
        <MeasureLegend
          items={[
            { key: 'band', colour: LINKAGE_COLOURS.m, text: 'Among matches, m (blue, left panel)' },
            { key: 'band', colour: LINKAGE_COLOURS.u, text: 'Among non-matches, u (orange, right panel)' },
          ]}
        />
        {mu.map((c) => (
          <div key={c.column}>
            <h3 class="govuk-heading-s pvf-chart-part">{c.column}</h3>
            <PlotFigure
              label={`m and u of ${c.column} by level`}
              deps={[r.id, c.column]}
              height={muChartHeight(c.bars.length / 2)}
              make={(charts, w) => charts.muChart(c.bars, w, { margin })}
            />
          </div>
        ))}
      </ChartWithTable>
      <section aria-labelledby="comparisons-title">
        <h2 class="govuk-heading-m" id="comparisons-title">
          Comparisons
        </h2>
        {m.comparisons.map((c) => (
          <ComparisonLevels key={c.column} c={c} title={title} />
        ))}
      </section>
      <section aria-labelledby="sessions-title">
        <h2 class="govuk-heading-m" id="sessions-title">
          EM training sessions
        </h2>
        <p class="govuk-body-s">
          m is estimated by expectation maximisation over the pairs each blocking rule finds, leaving out the rule’s own columns (their
          agreement there is forced, not evidence), as in Splink.
        </p>
        {m.em_sessions.length ? (
          <TableWithCsv id="sessions" model={sessionsTable(m)} caption="EM training sessions" captionClass="govuk-visually-hidden" small filename={csvFilename(title, 'em-sessions')} what="EM training sessions" />
        ) : (
          <p class="govuk-body">No EM session ran: m kept its starting or given values.</p>
        )}
      </section>
    </>
  );
}

function ComparisonLevels({ c, title }: { c: LinkageComparison; title: string }) {
  const notes = [
    `Method: ${c.method.replace(/_/g, ' ')}`,
    c.term_frequency ? 'exact agreement adjusted for how common the value is' : '',
    c.m_fixed ? 'm given in the settings' : c.m_estimated ? 'm estimated by EM' : 'm not estimated: starting values kept',
  ].filter(Boolean);
  return (
    <section aria-labelledby={`levels-${c.column}-title`} data-testid={`levels-${c.column}`}>
      <h3 class="govuk-heading-s" id={`levels-${c.column}-title`}>
        {c.column}
      </h3>
      <p class="govuk-body-s">{notes.join('; ')}.</p>
      <TableWithCsv
        id={`levels-${c.column}`}
        model={levelsTable(c)}
        caption={`Levels of ${c.column}`}
        captionClass="govuk-visually-hidden"
        small
        filename={csvFilename(title, c.column, 'levels')}
        what={`the levels of ${c.column}`}
      />
    </section>
  );
}
