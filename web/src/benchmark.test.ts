import { describe, expect, it } from 'vitest';
import {
  allowedRts,
  bodiesIn,
  buildSpec,
  coverageText,
  deaRankText,
  EMPTY_FORM,
  efficiencyScore,
  efficientSentence,
  fieldForWhere,
  initialJobView,
  isEfficient,
  jobFraction,
  jobProgressText,
  jobReducer,
  maxUnits,
  modelText,
  parseEventData,
  parseVariableValue,
  periodsText,
  periodsWithData,
  rankCounts,
  rankedResults,
  rtsTitle,
  specErrors,
  statusText,
  streamError,
  variableText,
  variableValue,
  withKind,
  type BenchmarkForm,
  type JobView,
} from './benchmark';
import {
  deaOutputRun,
  deaRun,
  jobCancelled,
  jobFailed,
  jobQueued,
  jobRunning,
  jobSucceeded,
  malmquistRun,
  models,
  superRun,
  variables,
} from './fixtures/benchmark';
import { bodies } from './fixtures/measure';
import type { DeaResult } from './types';

describe('words for runs', () => {
  it('names models from the server, with fallbacks', () => {
    expect(rtsTitle('vrs', models)).toBe('Variable returns to scale');
    expect(rtsTitle('ndrs')).toBe('Non-decreasing returns to scale');
    expect(rtsTitle('odd')).toBe('odd');
    expect(modelText(deaRun, models)).toBe('Constant returns to scale, input-oriented');
    expect(modelText(deaOutputRun)).toBe('Variable returns to scale, output-oriented');
  });

  it('gives a DEA run its period and a Malmquist run its range of periods', () => {
    expect(periodsText(deaRun)).toBe('2023-24');
    expect(periodsText(malmquistRun)).toBe('2021-22 to 2023-24 (3 periods)');
    expect(periodsText({ kind: 'malmquist', period: '2023-24', periods: ['2023-24', '2022-23'] })).toBe('2022-23 to 2023-24 (2 periods)');
  });

  it('explains a status without a score, infeasible super-efficiency as efficient', () => {
    expect(statusText('optimal')).toBe('');
    expect(statusText('infeasible', true)).toContain('it is efficient');
    expect(statusText('infeasible')).toContain('no solution');
    expect(statusText('unbounded')).toContain('no finite solution');
    expect(statusText('failed')).toContain('solver failed');
  });

  it('sums up how many bodies are efficient', () => {
    expect(efficientSentence(deaRun)).toBe('2 of 5 bodies are efficient (on the frontier).');
    expect(efficientSentence({ units: 1, efficient: 1 })).toBe('1 of 1 body is efficient (on the frontier).');
    expect(efficientSentence(malmquistRun)).toBe('');
  });
});

describe('efficiency scores and ranks', () => {
  it('reads θ for input orientation and 1/φ (te, else computed) for output orientation', () => {
    expect(efficiencyScore(deaRun.results[4], 'input')).toBe(0.5);
    expect(efficiencyScore(deaOutputRun.results[4], 'output')).toBeCloseTo(1 / 1.8333333333, 9);
    expect(efficiencyScore({ efficiency: 2, te: null }, 'output')).toBe(0.5);
    expect(efficiencyScore({ efficiency: null, te: null }, 'input')).toBeNull();
  });

  it('counts a score of 1 (or more with super-efficiency) and an infeasible super-efficiency problem as efficient', () => {
    expect(deaRun.results.map((r) => isEfficient(r, deaRun.spec))).toEqual([true, true, false, false, false]);
    expect(deaOutputRun.results.map((r) => isEfficient(r, deaOutputRun.spec))).toEqual([true, true, true, false, false]);
    expect(superRun.results.map((r) => isEfficient(r, superRun.spec))).toEqual([true, true, false, false, true]);
    // Published figures round: 0.9999999 is efficient, 0.999 is not.
    const near = (efficiency: number) => ({ status: 'optimal' as const, efficiency, te: null });
    expect(isEfficient(near(0.9999999), deaRun.spec)).toBe(true);
    expect(isEfficient(near(0.999), deaRun.spec)).toBe(false);
    expect(isEfficient({ status: 'infeasible', efficiency: null, te: null }, deaRun.spec)).toBe(false);
  });

  it('orders results by rank, ties by name, bodies without a rank last', () => {
    const shuffled = [...superRun.results].reverse();
    expect(rankedResults(shuffled).map((r) => r.name)).toEqual(['Leeds', 'Birmingham', 'Manchester', 'Bristol', 'Hartlepool']);
    expect(rankedResults(deaOutputRun.results).map((r) => `${r.rank} ${r.name}`)).toEqual([
      '1 Birmingham',
      '1 Hartlepool',
      '1 Leeds',
      '4 Manchester',
      '5 Bristol',
    ]);
  });

  it('says "joint" when bodies share a rank, and gives no rank without one', () => {
    const counts = rankCounts(deaOutputRun.results);
    expect(deaRankText(1, counts, 5)).toBe('joint 1st of 5');
    expect(deaRankText(4, counts, 5)).toBe('4th of 5');
    expect(deaRankText(null, counts, 5)).toBe('');
    const superCounts = rankCounts(superRun.results);
    expect(deaRankText(1, superCounts, 4)).toBe('1st of 4');
  });
});

describe('variables', () => {
  it('round-trips a variable through its option value, the all-lines total included', () => {
    expect(variableValue({ source: 'spending', key: null })).toBe('spending:');
    expect(parseVariableValue('spending:')).toEqual({ source: 'spending', key: null });
    expect(parseVariableValue('activity:home_care_hours')).toEqual({ source: 'activity', key: 'home_care_hours' });
    expect(parseVariableValue('indicator:a:b')).toEqual({ source: 'indicator', key: 'a:b' });
    expect(parseVariableValue('budget:x')).toBeNull();
    expect(parseVariableValue('')).toBeNull();
  });

  it('labels a variable with its unit and says how many bodies have data in the chosen periods', () => {
    const [total, , , hours, reablement, asc5] = variables;
    expect(variableText(total)).toBe('Spending, all lines (£)');
    expect(variableText({ label: 'Ratio', unit: '' })).toBe('Ratio');
    expect(coverageText(hours, ['2023-24'])).toBe('8 bodies in 2023-24');
    expect(coverageText(hours, ['2018-19', '2023-24'])).toBe('8 bodies in each period');
    expect(coverageText(reablement, ['2022-23', '2023-24'])).toBe('6 to 8 bodies a period');
    expect(coverageText(asc5, ['2023-24'])).toBe('no data for 2023-24');
    expect(coverageText(hours, [])).toBe('data for 2018-19 to 2023-24');
    expect(coverageText(asc5, [])).toBe('data for 2022-23');
    expect(bodiesIn(reablement, ['2023-24', '1999-00'])).toEqual([6, 0]);
  });

  it('offers the periods in which every chosen variable has data, and bounds the units', () => {
    const [total, , , hours, reablement, asc5] = variables;
    expect(periodsWithData(variables, [])).toEqual(['2018-19', '2019-20', '2020-21', '2021-22', '2022-23', '2023-24']);
    expect(periodsWithData(variables, [total, asc5])).toEqual(['2022-23']);
    expect(maxUnits([total, reablement], ['2023-24'])).toBe(6);
    expect(maxUnits([total, hours], ['2022-23', '2023-24'])).toBe(8);
    expect(maxUnits([], ['2023-24'])).toBeNull();
    expect(maxUnits([total], [])).toBeNull();
  });
});

describe('building the run request from the form', () => {
  const ctx = { bodies, maxBootstrap: 2000, variables };
  const form = (patch: Partial<BenchmarkForm>): BenchmarkForm => ({
    ...EMPTY_FORM,
    inputs: ['spending:staff', 'spending:purchased_care'],
    outputs: ['activity:home_care_hours'],
    period: '2023-24',
    ...patch,
  });

  it('sends a DEA run with its period and options, and nothing Malmquist needs', () => {
    const { spec, errors } = buildSpec(form({ slacks: true, title: '  Care 2023-24 ' }), ctx);
    expect(errors).toEqual({});
    expect(spec).toEqual({
      kind: 'dea',
      title: 'Care 2023-24',
      period: '2023-24',
      group: 'all',
      inputs: [
        { source: 'spending', key: 'staff' },
        { source: 'spending', key: 'purchased_care' },
      ],
      outputs: [{ source: 'activity', key: 'home_care_hours' }],
      rts: 'crs',
      orientation: 'input',
      slacks: true,
      super_efficiency: false,
      bootstrap: 0,
    });
  });

  it('sends a Malmquist run with its periods in time order and without the DEA options', () => {
    const { spec } = buildSpec(
      form({ kind: 'malmquist', periods: ['2023-24', '2021-22', '2022-23'], rts: 'vrs', orientation: 'output', slacks: true, bootstrap: '500' }),
      ctx,
    );
    expect(spec).toEqual({
      kind: 'malmquist',
      title: '',
      periods: ['2021-22', '2022-23', '2023-24'],
      group: 'all',
      inputs: [
        { source: 'spending', key: 'staff' },
        { source: 'spending', key: 'purchased_care' },
      ],
      outputs: [{ source: 'activity', key: 'home_care_hours' }],
      rts: 'vrs',
      orientation: 'output',
    });
  });

  it('sends the spending total as a null key, a named group with its id and a same-region group with its body', () => {
    expect(buildSpec(form({ inputs: ['spending:'], group: 'group:7' }), ctx).spec).toMatchObject({
      inputs: [{ source: 'spending', key: null }],
      group: 'group',
      group_id: 7,
    });
    const region = buildSpec(form({ group: 'region', bodyText: 'Leeds (E08000035)' }), ctx).spec;
    expect(region).toMatchObject({ group: 'region', body: 1 });
    expect(region).not.toHaveProperty('group_id');
  });

  it('sends bootstrap replicates with the seed', () => {
    expect(buildSpec(form({ bootstrap: '200', seed: '42' }), ctx).spec).toMatchObject({ bootstrap: 200, seed: 42, super_efficiency: false });
  });

  it('ignores empty rows, but asks for at least one input and one output', () => {
    expect(buildSpec(form({ inputs: ['spending:staff', ''] }), ctx).spec?.inputs).toEqual([{ source: 'spending', key: 'staff' }]);
    const { spec, errors } = buildSpec(form({ inputs: [''], outputs: ['', ''] }), ctx);
    expect(spec).toBeNull();
    expect(errors).toEqual({ 'input-0': 'Choose at least one input', 'output-0': 'Choose at least one output' });
  });

  it('refuses a variable chosen twice, on the later field, naming it', () => {
    const { errors } = buildSpec(form({ inputs: ['spending:staff'], outputs: ['activity:home_care_hours', 'spending:staff'] }), ctx);
    expect(errors).toEqual({ 'output-1': 'Staff is already chosen as an input' });
  });

  it('checks the period(s), the body for same type or region, returns to scale for Malmquist, bootstrap and seed', () => {
    expect(buildSpec(form({ period: '' }), ctx).errors).toEqual({ period: 'Choose a period' });
    expect(buildSpec(form({ kind: 'malmquist', periods: ['2023-24'] }), ctx).errors).toEqual({ periods: 'Choose at least two periods' });
    expect(buildSpec(form({ group: 'type' }), ctx).errors.body).toBe('Choose the body whose type to compare');
    expect(buildSpec(form({ group: 'region', bodyText: 'Atlantis' }), ctx).errors.body).toBe('Select a body from the list');
    expect(buildSpec(form({ kind: 'malmquist', periods: ['2022-23', '2023-24'], rts: 'nirs' }), ctx).errors.rts).toContain('constant or variable');
    for (const bad of ['50', '2001', '1.5', 'ten', '-100'])
      expect(buildSpec(form({ bootstrap: bad }), ctx).errors.bootstrap).toBe('Enter 0, or a whole number of replicates from 100 to 2000');
    expect(buildSpec(form({ bootstrap: '' }), ctx).spec?.bootstrap).toBe(0);
    expect(buildSpec(form({ bootstrap: '100', seed: 'x' }), ctx).errors.seed).toContain('whole number');
    expect(buildSpec(form({ bootstrap: '100', superEfficiency: true }), ctx).errors.super_efficiency).toContain('cannot be combined');
  });

  it('lists problems in the order of the fields on the page', () => {
    const { errors } = buildSpec(form({ title: 'x', inputs: [''], period: '', bootstrap: 'x', group: 'type' }), ctx);
    expect(Object.keys(errors)).toEqual(['input-0', 'period', 'body', 'bootstrap']);
  });

  it('keeps what still applies when the kind changes', () => {
    const f = form({ rts: 'nirs' });
    expect(withKind(f, 'malmquist').rts).toBe('crs');
    expect(withKind(form({ rts: 'vrs' }), 'malmquist').rts).toBe('vrs');
    expect(withKind(f, 'dea')).toEqual({ ...f, kind: 'dea' });
    expect(allowedRts('malmquist', models)).toEqual(['crs', 'vrs']);
    expect(allowedRts('dea')).toEqual(['crs', 'vrs', 'nirs', 'ndrs']);
  });
});

describe('422 details mapped to the form’s fields', () => {
  it('maps JSON paths of the request to field ids, with words for the summary', () => {
    expect(fieldForWhere('inputs[1].key')).toEqual({ field: 'input-1', label: 'Input 2' });
    expect(fieldForWhere('outputs[0].source')).toEqual({ field: 'output-0', label: 'Output 1' });
    expect(fieldForWhere('outputs')).toEqual({ field: 'output-0', label: 'Outputs' });
    expect(fieldForWhere('periods[2]')).toEqual({ field: 'periods', label: 'Periods' });
    expect(fieldForWhere('group_id')).toEqual({ field: 'group', label: 'Compare' });
    expect(fieldForWhere('super_efficiency')?.field).toBe('super_efficiency');
    expect(fieldForWhere('$.inputs[0].key')?.field).toBe('input-0');
    expect(fieldForWhere('/inputs/3/key')?.field).toBe('input-3');
    expect(fieldForWhere('spec.weights')).toBeUndefined();
    expect(fieldForWhere('')).toBeUndefined();
  });

  it('links each detail to its field, keeps the first message per field, and lists unknown paths as they are', () => {
    const { items, fields } = specErrors({
      message: 'The request has 4 problems',
      details: [
        { where: 'inputs[1].key', message: 'No input line "stafff"' },
        { where: 'inputs[1].source', message: 'Unknown source' },
        { where: 'periods', message: 'Periods must be of one kind' },
        { where: 'weights', message: 'Not allowed' },
        { message: 'Something general' },
      ],
    });
    expect(items).toEqual([
      { text: 'The request has 4 problems' },
      { text: 'Input 2: No input line "stafff"', field: 'input-1' },
      { text: 'Input 2: Unknown source', field: 'input-1' },
      { text: 'Periods: Periods must be of one kind', field: 'periods' },
      { text: 'weights: Not allowed' },
      { text: 'Something general' },
    ]);
    expect(fields).toEqual({ 'input-1': 'No input line "stafff"', periods: 'Periods must be of one kind' });
  });

  it('leaves out the message when a detail repeats it', () => {
    expect(specErrors({ message: 'Choose a period', details: [{ where: 'period', message: 'Choose a period' }] }).items).toEqual([
      { text: 'Period: Choose a period', field: 'period' },
    ]);
  });
});

describe('a running job', () => {
  const progress = (done: number, total: number, message = '') =>
    ({ type: 'progress', progress: { status: 'running', done, total, fraction: total ? done / total : null, message } }) as const;
  const start = () => initialJobView(jobQueued);

  it('starts from the 202 answer, or from the id alone', () => {
    expect(start()).toMatchObject({ id: jobQueued.id, status: 'queued', transport: 'stream', finished: false, benchmarkId: null });
    expect(initialJobView({ id: 'abc' })).toMatchObject({ id: 'abc', status: 'queued', done: 0, total: 0 });
  });

  it('follows progress events, then finishes with the benchmark on done', () => {
    let v = jobReducer(start(), progress(3, 8, 'Solving 8 units'));
    expect(v).toMatchObject({ status: 'running', done: 3, total: 8, message: 'Solving 8 units' });
    expect(jobProgressText(v)).toBe('3 of 8 done (38%)');
    v = jobReducer(v, { type: 'done', job: jobSucceeded });
    expect(v).toMatchObject({ status: 'succeeded', finished: true, benchmarkId: 12, error: null });
    expect(jobProgressText(v)).toBe('Finished');
    expect(jobFraction(v)).toBe(1);
  });

  it('does not let a finished status arrive by progress alone', () => {
    const v = jobReducer(start(), { type: 'progress', progress: { status: 'succeeded', done: 8, total: 8, fraction: 1, message: '' } });
    expect(v.finished).toBe(false);
    expect(v.status).toBe('queued');
  });

  it('changes nothing once finished: late progress, polls and stream failures are ignored', () => {
    const done = jobReducer(start(), { type: 'done', job: jobSucceeded });
    expect(jobReducer(done, progress(1, 8))).toBe(done);
    expect(jobReducer(done, { type: 'polled', job: jobRunning })).toBe(done);
    expect(jobReducer(done, { type: 'stream-failed' })).toBe(done);
    expect(jobReducer(done, { type: 'gone', error: { code: 'not_found', message: 'x' } })).toBe(done);
  });

  it('switches to polling when the stream fails, and finishes from a poll', () => {
    let v = jobReducer(start(), { type: 'stream-failed' });
    expect(v.transport).toBe('poll');
    v = jobReducer(v, { type: 'polled', job: jobRunning });
    expect(v).toMatchObject({ status: 'running', done: 3, finished: false, transport: 'poll' });
    v = jobReducer(v, { type: 'polled', job: jobFailed });
    expect(v).toMatchObject({ status: 'failed', finished: true, benchmarkId: null });
    expect(v.error?.message).toBe('No body has a value for every input and output in 2023-24');
    expect(jobProgressText(v)).toBe('Failed');
  });

  it('records a cancel request, then the cancellation', () => {
    let v = jobReducer(jobReducer(start(), progress(2, 8)), { type: 'cancel-requested', job: { ...jobRunning, cancel_requested: true } });
    expect(v.cancelRequested).toBe(true);
    expect(jobProgressText(v)).toBe('3 of 8 done (38%), stopping…');
    v = jobReducer(v, { type: 'done', job: jobCancelled });
    expect(v).toMatchObject({ status: 'cancelled', finished: true });
    expect(v.error?.code).toBe('cancelled');
    expect(jobProgressText(v)).toBe('Cancelled');
    expect(jobReducer(start(), { type: 'cancel-requested' }).cancelRequested).toBe(true);
    expect(jobProgressText(jobReducer(start(), { type: 'cancel-requested' }))).toBe('Cancelling…');
  });

  it('ends with an error when the job is gone', () => {
    const v = jobReducer(start(), { type: 'gone', error: { code: 'not_found', message: 'No such job' } });
    expect(v).toMatchObject({ finished: true, status: 'failed', error: { code: 'not_found', message: 'No such job' } });
  });

  it('gives a failed job without an error body a message anyway', () => {
    const { error: _omit, ...bare } = jobFailed;
    void _omit;
    expect(jobReducer(start(), { type: 'polled', job: bare }).error).toEqual({ code: 'failed', message: 'The run failed' });
  });

  it('measures the fraction from the server, else from done and total, else not at all', () => {
    const base: Pick<JobView, 'fraction' | 'done' | 'total' | 'status'> = { fraction: null, done: 0, total: 0, status: 'running' };
    expect(jobFraction(base)).toBeNull();
    expect(jobFraction({ ...base, done: 1, total: 4 })).toBe(0.25);
    expect(jobFraction({ ...base, fraction: 0.5, done: 1, total: 4 })).toBe(0.5);
    expect(jobFraction({ ...base, fraction: 1.5 })).toBe(1);
    expect(jobProgressText({ ...start(), status: 'running' })).toBe('Running');
    expect(jobProgressText(start())).toBe('Waiting to start');
  });

  it('reads event data as JSON, and the server’s error event apart from a connection failure', () => {
    expect(parseEventData<{ done: number }>('{"done":3}')).toEqual({ done: 3 });
    expect(parseEventData('not json')).toBeNull();
    expect(parseEventData(undefined)).toBeNull();
    expect(streamError('{"error":{"code":"not_found","message":"No such job"}}')).toEqual({ code: 'not_found', message: 'No such job' });
    expect(streamError(undefined)).toBeNull();
    expect(streamError('{"status":"running"}')).toBeNull();
  });
});

describe('fixtures follow the contract', () => {
  it('has results in the order of the variables and ranks that tie', () => {
    const check = (r: DeaResult, inputs: number, outputs: number) => r.inputs.length === inputs && r.outputs.length === outputs;
    expect(deaRun.results.every((r) => check(r, 2, 1))).toBe(true);
    expect(deaOutputRun.results.every((r) => check(r, 1, 1))).toBe(true);
    expect(deaRun.results.map((r) => r.rank)).toEqual([1, 1, 3, 4, 5]);
  });
});
