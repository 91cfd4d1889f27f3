// The benchmarking runs that include a body as a unit (GET /benchmarks?body=), newest first,
// each linking to the run with the body chosen.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { benchmarksTable } from '../benchmarkTables';
import { BodySectionHeader } from '../components/BodyNav';
import { DataTable } from '../components/DataTable';
import { LoadError, Loading } from '../components/ui';
import { pluralise } from '../format';
import { toApiError, useAsync, usePageTitle, useSession } from '../hooks';
import { can } from '../state';
import type { BenchmarkModels, BenchmarkSummary } from '../types';

export function BodyBenchmarksPage({ id }: { id: number }) {
  const { user } = useSession();
  const body = useAsync(() => api.getBody(id), [id]);
  const runs = useAsync(() => api.listBenchmarks({ body: id, limit: 50 }), [id]);
  const models = useAsync(() => api.getBenchmarkModels().catch(() => null as BenchmarkModels | null), []);
  const [items, setItems] = useState<BenchmarkSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  useEffect(() => {
    if (!runs.data) return;
    setItems(runs.data.items);
    setCursor(runs.data.next_cursor ?? null);
  }, [runs.data]);
  const name = body.data?.name ?? '';
  usePageTitle(name ? `Benchmarking – ${name}` : 'Benchmarking');
  if (body.error) return <LoadError error={body.error} />;
  const loadMore = async () => {
    if (!cursor) return;
    setMore({ busy: true, error: null });
    try {
      const page = await api.listBenchmarks({ body: id, limit: 50, cursor });
      setItems((xs) => [...xs, ...page.items]);
      setCursor(page.next_cursor ?? null);
      setMore({ busy: false, error: null });
    } catch (e) {
      setMore({ busy: false, error: toApiError(e).message });
    }
  };
  return (
    <>
      <BodySectionHeader id={id} body={body.data} section="benchmarks" title="Benchmarking" />
      <p class="govuk-body">
        Stored efficiency (DEA) and productivity change (Malmquist) runs in which {name || 'this body'} is one of the bodies compared.
        Open a run to see where it stands, its peers and its targets.
      </p>
      {runs.loading ? <Loading what="Loading runs" /> : null}
      {runs.error ? <LoadError error={runs.error} /> : null}
      {runs.data && !items.length ? (
        <p class="govuk-body" data-testid="no-runs">
          No stored run includes {name || 'this body'} yet.
          {can(user, 'runBenchmarks') ? (
            <>
              {' '}
              <a class="govuk-link" href="/benchmarks#start-run">
                Start a run
              </a>
              .
            </>
          ) : null}
        </p>
      ) : null}
      {items.length ? (
        <DataTable
          id="body-runs"
          caption={`${pluralise(items.length, 'run')}, newest first`}
          captionClass="govuk-table__caption--s"
          model={benchmarksTable(items, models.data, id)}
          small
          sortable
        />
      ) : null}
      {more.error ? <p class="govuk-error-message">{more.error}</p> : null}
      {cursor ? (
        <button type="button" class="govuk-button govuk-button--secondary" onClick={loadMore} disabled={more.busy}>
          {more.busy ? 'Loading…' : 'Show more runs'}
        </button>
      ) : null}
    </>
  );
}
