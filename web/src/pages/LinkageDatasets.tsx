// An agreement's datasets (issue 5): the list (name, party, rows, columns), deleting one (and the
// runs that used it), and uploading a CSV file for one of the agreement's parties. The file goes
// as it is (text/csv) with its name, party and id column in the query; a refused file comes back
// 422 with every problem by row and column ("people.csv:12:date_of_birth"), never a value.
import { useEffect, useState } from 'preact/hooks';
import { DataTable } from '../components/DataTable';
import type { ErrorItem } from '../components/ErrorSummary';
import { DeleteButton } from '../components/LinkageParts';
import { ErrorSummary, LoadError, Loading, Select, SuccessBanner, TextInput, errorItems } from '../components/ui';
import { toApiError, type AsyncState } from '../hooks';
import { datasetErrors, defaultIdColumn, nameFromFile } from '../linkage';
import { linkageApi } from '../linkageApi';
import { datasetsTable } from '../linkageTables';
import { formatNumber } from '../measure';
import type { Agreement, LinkageDataset, ListResponse } from '../types';

export function DatasetsSection({
  a,
  datasets,
  canChange = true,
  onChange,
  onErrors,
}: {
  a: Agreement;
  datasets: AsyncState<ListResponse<LinkageDataset>>;
  /** false for viewers: no upload form, no delete buttons. */
  canChange?: boolean;
  onChange: () => void;
  /** Whether the upload form shows errors (for the page title). */
  onErrors?: (form: string, has: boolean) => void;
}) {
  const [deleting, setDeleting] = useState<LinkageDataset | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);
  const items = datasets.data?.items ?? [];
  const model = datasetsTable(items, { actions: canChange });
  return (
    <section aria-labelledby="datasets-title">
      <h2 class="govuk-heading-m" id="datasets-title">
        Datasets
      </h2>
      {deleted ? (
        <p class="govuk-body" role="status" data-testid="dataset-deleted">
          {deleted}
        </p>
      ) : null}
      {datasets.loading && !datasets.data ? <Loading what="Loading datasets" /> : null}
      {datasets.error ? <LoadError error={datasets.error} /> : null}
      {datasets.data && !items.length ? (
        <p class="govuk-body" data-testid="no-datasets">
          No dataset has been uploaded yet.
        </p>
      ) : null}
      {items.length ? (
        <DataTable
          id="datasets"
          caption="Datasets of the agreement"
          captionClass="govuk-visually-hidden"
          model={model}
          small
          renderCell={(_, key, text) => {
            if (key !== 'actions') return undefined;
            const d = items.find((x) => String(x.id) === text);
            if (!d) return '';
            return (
              <button type="button" class="govuk-button govuk-button--warning govuk-button--small pvf-table-button" onClick={() => setDeleting(d)}>
                Delete<span class="govuk-visually-hidden"> {d.name}</span>
              </button>
            );
          }}
        />
      ) : null}
      {deleting ? (
        <DeleteButton
          key={deleting.id}
          startAsking
          onCancel={() => setDeleting(null)}
          label="Delete"
          question={`Are you sure you want to delete the dataset “${deleting.name}”?`}
          consequence="Its records are deleted, and so are the runs that used it, for every member. This cannot be undone."
          yes="Yes, delete the dataset"
          testId="confirm-delete-dataset"
          action={async () => {
            await linkageApi.deleteDataset(deleting.id);
            setDeleted(`The dataset “${deleting.name}” has been deleted.`);
            setDeleting(null);
            onChange();
          }}
        />
      ) : null}
      {!canChange ? null : a.expired ? (
        <p class="govuk-body">The agreement has expired: no more data can be uploaded.</p>
      ) : (
        <UploadForm a={a} onUploaded={onChange} onErrors={onErrors} />
      )}
    </section>
  );
}

function UploadForm({ a, onUploaded, onErrors }: { a: Agreement; onUploaded: () => void; onErrors?: (form: string, has: boolean) => void }) {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [name, setName] = useState('');
  const [party, setParty] = useState(a.parties.length === 1 ? a.parties[0] : '');
  const [idColumn, setIdColumn] = useState(defaultIdColumn(a.fields));
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<LinkageDataset | null>(null);
  const [formKey, setFormKey] = useState(0);
  const hasErrors = errors.length > 0;
  useEffect(() => {
    onErrors?.('upload', hasErrors);
  }, [hasErrors, onErrors]);
  useEffect(() => () => onErrors?.('upload', false), [onErrors]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    const fe: Record<string, string> = {};
    if (!file) fe['dataset-file'] = 'Select a CSV file';
    if (!name.trim()) fe['dataset-name'] = 'Enter a name for the dataset';
    if (!party) fe['dataset-party'] = 'Choose the party the records come from';
    if (!idColumn) fe['dataset-id-column'] = 'Choose the column that identifies each record';
    if (Object.keys(fe).length) {
      setFieldErrors(fe);
      setErrors(['dataset-file', 'dataset-name', 'dataset-party', 'dataset-id-column'].filter((f) => fe[f]).map((f) => ({ text: fe[f], field: f })));
      return;
    }
    setBusy(true);
    try {
      const d = await linkageApi.uploadDataset(a.id, { name: name.trim(), party, id_column: idColumn }, file!.text);
      setErrors([]);
      setFieldErrors({});
      setDone(d);
      setFile(null);
      setName('');
      setFormKey((k) => k + 1); // clears the file input
      onUploaded();
    } catch (err) {
      const ae = toApiError(err);
      if (ae.details.length) {
        const { items, fields } = datasetErrors(ae);
        setErrors(items);
        setFieldErrors(fields);
      } else {
        setErrors(errorItems(ae));
        setFieldErrors({ 'dataset-file': ae.message });
      }
    } finally {
      setBusy(false);
    }
  };

  const fileError = fieldErrors['dataset-file'];
  return (
    <section aria-labelledby="upload-title" class="pvf-start-run">
      <h3 class="govuk-heading-s" id="upload-title">
        Upload a dataset
      </h3>
      <ErrorSummary items={errors} title={errors.length > 1 ? 'The file was not uploaded' : 'There is a problem'} />
      {done ? (
        <SuccessBanner title="Dataset uploaded">
          <p class="govuk-body">
            {done.name}: {formatNumber(done.rows, 0)} {done.rows === 1 ? 'record' : 'records'} from {done.party}.
          </p>
        </SuccessBanner>
      ) : null}
      <p class="govuk-body">
        A CSV file with a header row. Its columns must be among the agreement’s fields ({a.fields.join(', ')}), and every record
        needs a unique id. If any row has a problem, nothing is stored and every problem is listed.
      </p>
      <form onSubmit={submit} noValidate data-testid="upload-form" class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <div class={`govuk-form-group${fileError ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label govuk-label--s" for="dataset-file">
              CSV file
            </label>
            {fileError ? (
              <p id="dataset-file-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {fileError}
              </p>
            ) : null}
            <input
              key={formKey}
              class={`govuk-file-upload${fileError ? ' govuk-file-upload--error' : ''}`}
              id="dataset-file"
              name="dataset-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby={fileError ? 'dataset-file-error' : undefined}
              onChange={async (e) => {
                const f = (e.currentTarget as HTMLInputElement).files?.[0];
                if (!f) return setFile(null);
                try {
                  const t = await f.text();
                  setFile({ name: f.name, text: t });
                  if (!name.trim()) setName(nameFromFile(f.name));
                  setFieldErrors((x) => ({ ...x, 'dataset-file': '' }));
                } catch {
                  setFile(null);
                  setFieldErrors((x) => ({ ...x, 'dataset-file': 'The file could not be read. Choose it again.' }));
                }
              }}
            />
          </div>
          <TextInput id="dataset-name" label="Name" labelClass="govuk-label--s" hint="How the dataset is known in this agreement, for example “Council housing records”." value={name} onInput={setName} error={fieldErrors['dataset-name']} />
          <Select
            id="dataset-party"
            label="Party"
            labelClass="govuk-label--s"
            hint="The organisation the records come from."
            value={party}
            onChange={setParty}
            error={fieldErrors['dataset-party']}
            options={[...(a.parties.length === 1 ? [] : [{ value: '', text: 'Choose a party' }]), ...a.parties.map((p) => ({ value: p, text: p }))]}
          />
          <Select
            id="dataset-id-column"
            label="Id column"
            labelClass="govuk-label--s"
            hint="The column that identifies each record. Ids must be present and unique; they are kept as keyed-hash pseudonyms too. To link two datasets they must use the same id column."
            value={idColumn}
            onChange={setIdColumn}
            error={fieldErrors['dataset-id-column']}
            options={a.fields.map((f) => ({ value: f, text: f }))}
          />
          <button type="submit" class="govuk-button" disabled={busy}>
            {busy ? 'Uploading…' : 'Upload dataset'}
          </button>
        </div>
      </form>
    </section>
  );
}
