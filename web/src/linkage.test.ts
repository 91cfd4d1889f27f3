import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { formatProbability, formatWeight } from './format';
import {
  agreementErrors,
  buildAgreementInput,
  buildRunSpec,
  candidatePairsText,
  canChangeLinkage,
  clusterHref,
  datasetErrors,
  defaultIdColumn,
  EMPTY_AGREEMENT_FORM,
  EMPTY_RUN_FORM,
  explainHref,
  isoDate,
  levelLabel,
  linkageRunTitle,
  nameFromFile,
  parseExplainQuery,
  parseNumberInput,
  qualitySentence,
  runErrors,
  runFieldForWhere,
  runSectionHref,
  runSections,
  settingsTemplate,
  splitFields,
  splitLines,
  weightToProbability,
  type AgreementForm,
} from './linkage';
import { initialJobView, jobReducer } from './benchmark';
import { jobSucceeded } from './fixtures/benchmark';
import { datasets, linkageJobQueued, linkageJobSucceeded, model, quality, runSummary } from './fixtures/linkage';

describe('formatting weights and probabilities', () => {
  it('writes weights to 2 places with a true minus sign, signed on request', () => {
    expect(formatWeight(13.1357)).toBe('13.14');
    expect(formatWeight(-5.0209)).toBe('\u22125.02');
    expect(formatWeight(-0.001)).toBe('0.00');
    expect(formatWeight(3.2, true)).toBe('+3.20');
    expect(formatWeight(-3.2, true)).toBe('\u22123.20');
    expect(formatWeight(null)).toBe('');
  });

  it('writes probabilities to 4 places, and small ones to two significant figures', () => {
    expect(formatProbability(0.99998)).toBe('1.0000');
    expect(formatProbability(0.2961)).toBe('0.2961');
    expect(formatProbability(0.9, 3)).toBe('0.900');
    expect(formatProbability(0.0004)).toBe('0.00040');
    expect(formatProbability(0.0001)).toBe('0.00010');
    expect(formatProbability(3.2e-7)).toBe('0.00000032');
    expect(formatProbability(0)).toBe('0.0000');
    expect(formatProbability(undefined)).toBe('');
  });

  it('turns a match weight into a probability', () => {
    expect(weightToProbability(0)).toBe(0.5);
    expect(weightToProbability(Math.log2(9))).toBeCloseTo(0.9, 12);
    expect(weightToProbability(-Math.log2(3))).toBeCloseTo(0.25, 12);
    expect(weightToProbability(100)).toBe(1);
  });
});

describe('words and URLs', () => {
  it('names a run by its title, else by its datasets', () => {
    expect(linkageRunTitle(runSummary)).toBe('Council and schools, autumn 2026');
    expect(linkageRunTitle({ ...runSummary, title: ' ' })).toBe('Council records linked with School census');
    expect(linkageRunTitle({ ...runSummary, title: '', link_type: 'dedupe_only', datasets: runSummary.datasets.slice(0, 1) })).toBe('Council records, deduplicated');
  });

  it('builds the run’s section URLs', () => {
    expect(runSectionHref(31, 'summary')).toBe('/linkage/runs/31');
    expect(runSectionHref(31, 'model')).toBe('/linkage/runs/31/model');
    expect(runSectionHref(31, 'explain')).toBe('/linkage/runs/31/pairs/explain');
    expect(runSectionHref(31, 'review')).toBe('/linkage/runs/31/review');
    expect(clusterHref(31, 0)).toBe('/linkage/runs/31/clusters/0');
  });

  it('puts dataset ids and row numbers in the explanation’s URL, and reads them back', () => {
    const url = explainHref(31, { dataset_id: 7, row: 12 }, { dataset_id: 8, row: 40 });
    expect(url).toBe('/linkage/runs/31/pairs/explain?left_dataset=7&left_row=12&right_dataset=8&right_row=40');
    expect(parseExplainQuery(url.split('?')[1])).toEqual({ left: { dataset_id: 7, row: 12 }, right: { dataset_id: 8, row: 40 } });
    expect(parseExplainQuery('left_dataset=7&left_row=x&right_dataset=8')).toEqual({ left: null, right: null });
    expect(explainHref(31)).toBe('/linkage/runs/31/pairs/explain');
  });

  it('reads numbers typed in filters, with a true minus sign too', () => {
    expect(parseNumberInput('-2.5')).toBe(-2.5);
    expect(parseNumberInput('\u22122.5')).toBe(-2.5);
    expect(parseNumberInput(' 10 ')).toBe(10);
    expect(parseNumberInput('ten')).toBeNull();
    expect(parseNumberInput('')).toBeNull();
  });

  it('says what the labels estimate', () => {
    expect(qualitySentence(quality)).toBe('Estimated precision 96.0% and recall 90.0%, from 12 labels in 5 match-weight bins.');
    expect(qualitySentence({ ...quality, precision: null, labels: 1, bins_reviewed: 1 })).toBe('Estimated precision unknown and recall 90.0%, from 1 label in 1 match-weight bin.');
    expect(qualitySentence(null)).toContain('No pairs have been reviewed yet');
  });

  it('names a pair’s level for a column from the model', () => {
    expect(levelLabel(model, 'given_name', 2)).toBe('jaro_winkler >= 0.92');
    expect(levelLabel(model, 'date_of_birth', 0)).toBe('else');
    expect(levelLabel(model, 'given_name', -1)).toBe('missing in either record');
    expect(levelLabel(model, 'postcode', 1)).toBe('level 1');
  });
});

describe('a new agreement', () => {
  const form = (patch: Partial<AgreementForm> = {}): AgreementForm => ({
    ...EMPTY_AGREEMENT_FORM,
    title: ' Supporting Families ',
    purpose: 'Find families',
    lawfulBasis: 'Public task',
    parties: 'Council\n\n School \nCouncil',
    fields: 'unique_id, given_name\nsurname,',
    day: '31',
    month: '3',
    year: '2027',
    memberIds: [5, 2],
    ...patch,
  });

  it('splits parties by line and fields by line or comma', () => {
    expect(splitLines('a\n b \n\na')).toEqual(['a', 'b']);
    expect(splitFields('a, b\nc,,a')).toEqual(['a', 'b', 'c']);
  });

  it('checks dates', () => {
    expect(isoDate('31', '3', '2027')).toBe('2027-03-31');
    expect(isoDate('29', '2', '2027')).toBeNull();
    expect(isoDate('1', '13', '2027')).toBeNull();
    expect(isoDate('1', '1', '27')).toBeNull();
  });

  it('builds the request', () => {
    expect(buildAgreementInput(form(), '2026-11-24')).toEqual({
      input: {
        title: 'Supporting Families',
        purpose: 'Find families',
        lawful_basis: 'Public task',
        parties: ['Council', 'School'],
        fields: ['unique_id', 'given_name', 'surname'],
        retain_until: '2027-03-31',
        member_ids: [5, 2],
      },
      errors: {},
    });
  });

  it('asks for what is missing, and refuses a past date or a field with spaces', () => {
    expect(buildAgreementInput(EMPTY_AGREEMENT_FORM, '2026-11-24').errors).toEqual({
      title: 'Enter a title',
      purpose: 'Enter the purpose of the sharing',
      'lawful-basis': 'Enter the lawful basis',
      parties: 'Enter at least one party',
      fields: 'Enter at least one field',
      'retain-until-day': 'Enter the date the data may be kept until',
    });
    expect(buildAgreementInput(form({ year: '2026', month: '11', day: '24' }), '2026-11-24').errors).toEqual({ 'retain-until-day': 'Retain until must be in the future' });
    expect(buildAgreementInput(form({ fields: 'date of birth' }), '2026-11-24').errors.fields).toContain('column names have no spaces');
    expect(buildAgreementInput(form({ title: 'x'.repeat(201) }), '2026-11-24').errors.title).toBe('Title must be 200 characters or fewer');
  });

  it('links the server’s 422 details to the fields', () => {
    const err = new ApiError(422, 'invalid_input', 'The agreement has 2 problems', [
      { where: 'retain_until', message: 'must be after today' },
      { where: 'parties[1]', message: 'is empty' },
      { where: 'elsewhere', message: 'odd' },
    ]);
    const { items, fields } = agreementErrors(err);
    expect(items).toEqual([
      { text: 'The agreement has 2 problems' },
      { text: 'Retain until: must be after today', field: 'retain-until-day' },
      { text: 'Parties: is empty', field: 'parties' },
      { text: 'elsewhere: odd' },
    ]);
    expect(fields).toEqual({ 'retain-until-day': 'must be after today', parties: 'is empty' });
  });
});

describe('uploading a dataset', () => {
  it('offers unique_id first, and names a dataset after its file', () => {
    expect(defaultIdColumn(['given_name', 'unique_id'])).toBe('unique_id');
    expect(defaultIdColumn(['nhs_number', 'given_name'])).toBe('nhs_number');
    expect(nameFromFile('council people.csv')).toBe('council people');
  });

  it('lists the file’s problems by row and column, the first 50, and links query problems to fields', () => {
    const details = Array.from({ length: 53 }, (_, i) => ({ where: `people.csv:${i + 2}:date_of_birth`, message: 'not a date' }));
    const { items, fields } = datasetErrors(new ApiError(422, 'invalid_input', 'The file has 54 problems', [{ where: 'party', message: 'is not a party to the agreement' }, ...details]));
    expect(items[0]).toEqual({ text: 'The file has 54 problems' });
    expect(items[1]).toEqual({ text: 'Party: is not a party to the agreement', field: 'dataset-party' });
    expect(items[2]).toEqual({ text: 'people.csv:2:date_of_birth: not a date' });
    expect(items).toHaveLength(1 + 50 + 1);
    expect(items[51].text).toBe('And 4 more problems not listed here.');
    expect(fields).toEqual({ 'dataset-party': 'is not a party to the agreement', 'dataset-file': 'The file was not uploaded: it has 53 problems' });
  });
});

describe('starting a run', () => {
  it('deduplicates one dataset with settings proposed from the data', () => {
    expect(buildRunSpec({ ...EMPTY_RUN_FORM, title: ' Council ', datasets: ['7', ''] }, datasets)).toEqual({
      spec: { title: 'Council', dataset_ids: [7], settings: null },
      errors: {},
    });
  });

  it('links two datasets with settings written as JSON', () => {
    const text = '{"link_type":"link_only","unique_id_column":"unique_id","comparisons":[]}';
    const { spec } = buildRunSpec({ ...EMPTY_RUN_FORM, mode: 'link', datasets: ['7', '8'], settingsMode: 'json', settingsText: text }, datasets);
    expect(spec).toEqual({ title: '', dataset_ids: [7, 8], settings: { link_type: 'link_only', unique_id_column: 'unique_id', comparisons: [] } });
  });

  it('checks the datasets and the JSON before sending', () => {
    expect(buildRunSpec({ ...EMPTY_RUN_FORM, mode: 'link', datasets: ['7', '7'] }, datasets).errors).toEqual({ 'dataset-1': 'Choose two different datasets' });
    expect(buildRunSpec(EMPTY_RUN_FORM, datasets).errors).toEqual({ 'dataset-0': 'Choose a dataset' });
    const other = [...datasets, { ...datasets[1], id: 9, name: 'Police', id_column: 'ref' }];
    expect(buildRunSpec({ ...EMPTY_RUN_FORM, mode: 'link', datasets: ['7', '9'] }, other).errors['dataset-1']).toContain('must share their id column');
    expect(buildRunSpec({ ...EMPTY_RUN_FORM, datasets: ['7', ''], settingsMode: 'json', settingsText: '{"link_type":' }, datasets).errors.settings).toMatch(/^The settings are not valid JSON: /);
    expect(buildRunSpec({ ...EMPTY_RUN_FORM, datasets: ['7', ''], settingsMode: 'json', settingsText: '[1]' }, datasets).errors.settings).toBe('The settings must be a JSON object: { … }');
    expect(buildRunSpec({ ...EMPTY_RUN_FORM, datasets: ['7', ''], settingsMode: 'json', settingsText: '{"link_type":"link_only"}' }, datasets).errors.settings).toBe(
      'link_type must be “dedupe_only” to deduplicate one dataset',
    );
  });

  it('links the server’s 422 details to the fields by JSON path', () => {
    expect(runFieldForWhere('settings.comparisons[1].method')).toEqual({ field: 'settings', label: 'Settings, comparisons[1].method' });
    expect(runFieldForWhere('$.settings')).toEqual({ field: 'settings', label: 'Settings' });
    expect(runFieldForWhere('dataset_ids[1]')).toEqual({ field: 'dataset-1', label: 'Second dataset' });
    expect(runFieldForWhere('dataset_ids')).toEqual({ field: 'dataset-0', label: 'Datasets' });
    expect(runFieldForWhere('threshold')).toBeUndefined();
    const { items, fields } = runErrors(
      new ApiError(422, 'invalid_input', 'The run cannot start', [
        { where: 'settings.comparisons[1].method', message: 'unknown method "jarowinkler"' },
        { where: 'settings.comparisons[0].column', message: 'no such column' },
      ]),
    );
    expect(items.map((i) => [i.field, i.text])).toEqual([
      [undefined, 'The run cannot start'],
      ['settings', 'Settings, comparisons[1].method: unknown method "jarowinkler"'],
      ['settings', 'Settings, comparisons[0].column: no such column'],
    ]);
    expect(fields).toEqual({ settings: 'unknown method "jarowinkler"' });
  });

  it('offers a template comparing the columns the datasets share', () => {
    const t = JSON.parse(settingsTemplate('link', datasets));
    expect(t).toEqual({
      link_type: 'link_only',
      unique_id_column: 'unique_id',
      blocking_rules: [],
      comparisons: [
        { column: 'given_name', method: 'exact' },
        { column: 'surname', method: 'exact' },
        { column: 'date_of_birth', method: 'exact' },
      ],
      threshold_match_probability: 0.5,
    });
    expect(JSON.parse(settingsTemplate('dedupe', [datasets[0]])).comparisons).toHaveLength(4);
  });
});

describe('a linkage run’s job', () => {
  it('keeps the succeeded job’s result, so the page can link to the new run', () => {
    const start = initialJobView(linkageJobQueued);
    expect(start.result).toBeNull();
    const done = jobReducer(start, { type: 'done', job: linkageJobSucceeded });
    expect(done).toMatchObject({ finished: true, status: 'succeeded', result: { linkage_run_id: 31 }, benchmarkId: null });
    // A benchmarking job's result still gives its benchmark id.
    expect(jobReducer(initialJobView(linkageJobQueued), { type: 'done', job: jobSucceeded })).toMatchObject({ benchmarkId: 12, result: { benchmark_id: 12 } });
    // A failed job has no result.
    expect(jobReducer(start, { type: 'done', job: { ...linkageJobSucceeded, status: 'failed', result: undefined } }).result).toBeNull();
  });
});

describe('who may change a run', () => {
  it('lets every member but a viewer change the data, and hides the explanation from viewers', () => {
    for (const role of ['admin', 'treasury_analyst', 'body_lead', 'assessor']) expect(canChangeLinkage(role)).toBe(true);
    expect(canChangeLinkage('viewer')).toBe(false);
    expect(canChangeLinkage(undefined)).toBe(false);
    expect(runSections(true).map((s) => s.key)).toEqual(['summary', 'model', 'pairs', 'explain', 'clusters', 'review']);
    expect(runSections(false).map((s) => s.key)).toEqual(['summary', 'model', 'pairs', 'clusters', 'review']);
  });
});

describe('the candidate pairs', () => {
  it('counts them against every pair the data could make (the summary’s total_pairs)', () => {
    expect(candidatePairsText(15_859, 1_429_391)).toBe('15,859 candidate pairs of the 1,429,391 the data could make');
    expect(candidatePairsText(1, 15)).toBe('1 candidate pair of the 15 the data could make');
  });
});
