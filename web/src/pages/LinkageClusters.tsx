// A linkage run's clusters (issue 5): records joined by predicted pairs, directly or through
// others. The list (largest first, a page at a time, with the smallest size to show in the URL)
// holds counts only; one cluster's page shows its records and the pairs joining them (personal
// data: the server records each view in the audit log).
import { useEffect, useState } from 'preact/hooks';
import { DataTable } from '../components/DataTable';
import { PersonalDataNote, SectionError, ShowMore, useCursorList } from '../components/LinkageParts';
import { ErrorSummary, Loading, TextInput, errorItems } from '../components/ui';
import { pluralise } from '../format';
import { useAsync, useQuery } from '../hooks';
import { positiveInt, runSectionHref } from '../linkage';
import { linkageApi } from '../linkageApi';
import { clusterRecordsTable, clustersTable, pairsTable } from '../linkageTables';
import { formatNumber } from '../measure';
import { href, navigate } from '../router';
import type { LinkageRun } from '../types';

const PAGE_SIZE = 50;

export function ClustersSection({ r }: { r: LinkageRun }) {
  const qs = useQuery();
  const minSize = positiveInt(qs.get('min_size'));
  const [minText, setMinText] = useState(minSize === null ? '' : String(minSize));
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => setMinText(minSize === null ? '' : String(minSize)), [minSize]);
  const list = useCursorList((cursor) => linkageApi.listClusters(r.id, { min_size: minSize, limit: PAGE_SIZE, cursor }), [r.id, minSize]);
  const apply = (e: Event) => {
    e.preventDefault();
    const v = minText.trim();
    if (v && positiveInt(v) === null) {
      setError('Enter a whole number, such as 3');
      return;
    }
    setError(undefined);
    navigate(href(`/linkage/runs/${r.id}/clusters`, { min_size: v ? Number(v) : null }), { focus: false });
  };
  return (
    <>
      <p class="govuk-body">
        A cluster is a group of records joined by predicted pairs, directly or through others: the records the run takes to be about one
        person. {formatNumber(r.clusters, 0)} clusters in all. Choose one to see its records.
      </p>
      <form class="pvf-filters pvf-filters--compact" onSubmit={apply} aria-label="Filter clusters by size" noValidate>
        <TextInput id="min-size" label="Smallest cluster to show" hint="2 unless you choose" value={minText} onInput={setMinText} width="3" inputMode="numeric" error={error} />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Show clusters
        </button>
      </form>
      {list.loading && !list.items.length ? <Loading what="Loading clusters" /> : null}
      {list.error ? <ErrorSummary items={errorItems(list.error)} /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        <p class="govuk-body" data-testid="no-clusters">
          No cluster is that large.
        </p>
      ) : null}
      {list.items.length ? (
        <DataTable
          id="clusters"
          caption={`${pluralise(list.items.length, 'cluster')}${list.hasMore ? ' shown' : ''}, largest first`}
          captionClass="govuk-table__caption--s"
          model={clustersTable(list.items, r.id, r.datasets)}
          small
        />
      ) : null}
      <ShowMore list={list} what="clusters" />
    </>
  );
}

export function ClusterSection({ r, cluster, canChange }: { r: LinkageRun; cluster: number; canChange: boolean }) {
  if (!canChange)
    return (
      <div class="govuk-inset-text" data-testid="cluster-read-only">
        Viewers see a run’s results, not people’s records: the{' '}
        <a class="govuk-link" href={runSectionHref(r.id, 'clusters')}>
          clusters
        </a>{' '}
        list shows each cluster’s size and where its records come from. A member of the agreement who is not a viewer can open its records.
      </div>
    );
  return <ClusterDetail r={r} cluster={cluster} canChange={canChange} />;
}

function ClusterDetail({ r, cluster, canChange }: { r: LinkageRun; cluster: number; canChange: boolean }) {
  const detail = useAsync(() => linkageApi.getCluster(r.id, cluster), [r.id, cluster]);
  const d = detail.data;
  return (
    <>
      <p class="govuk-body">
        <a class="govuk-link" href={runSectionHref(r.id, 'clusters')}>
          Back to all clusters
        </a>
      </p>
      {detail.error ? <SectionError error={detail.error} what={`Cluster ${cluster}`} /> : null}
      {!d && !detail.error ? <Loading what="Loading the cluster" /> : null}
      {d ? (
        <>
          <h2 class="govuk-heading-m" data-testid="cluster-title">
            Cluster {d.cluster}: {pluralise(d.size, 'record')}
          </h2>
          <PersonalDataNote />
          <DataTable id="cluster-records" model={clusterRecordsTable(d.records, r.model.comparisons.map((c) => c.column))} caption="Records in the cluster" captionClass="govuk-table__caption--s" small sortable />
          {d.pairs.length ? (
            <DataTable
              id="cluster-pairs"
              model={pairsTable(d.pairs, r.id, r.datasets, { explain: canChange })}
              caption={`The ${pluralise(d.pairs.length, 'predicted pair')} joining them`}
              captionClass="govuk-table__caption--s"
              small
            />
          ) : (
            <p class="govuk-body">No predicted pair joins these records.</p>
          )}
        </>
      ) : null}
    </>
  );
}
