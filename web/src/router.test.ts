import { describe, expect, it } from 'vitest';
import { href, isInternalNavigation, matchPath, resolveApp } from './router';

describe('matchPath', () => {
  it('matches literal paths and ignores trailing slashes', () => {
    expect(matchPath('/bodies', '/bodies')).toEqual({});
    expect(matchPath('/bodies', '/bodies/')).toEqual({});
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/bodies', '/assessments')).toBeNull();
    expect(matchPath('/bodies', '/bodies/1')).toBeNull();
  });

  it('captures and decodes params', () => {
    expect(matchPath('/assessments/:id/areas/:area', '/assessments/12/areas/workforce_capacity')).toEqual({
      id: '12',
      area: 'workforce_capacity',
    });
    expect(matchPath('/x/:name', '/x/a%20b')).toEqual({ name: 'a b' });
    expect(matchPath('/x/:name', '/x/%E0%A4%A')).toBeNull();
  });

  it('enforces integer params', () => {
    expect(matchPath('/bodies/:id(int)', '/bodies/42')).toEqual({ id: '42' });
    expect(matchPath('/bodies/:id(int)', '/bodies/new')).toBeNull();
  });
});

describe('resolveApp', () => {
  it.each([
    ['/', 'dashboard', {}],
    ['/sign-in', 'sign_in', {}],
    ['/bodies', 'bodies', {}],
    ['/bodies/new', 'body_new', {}],
    ['/bodies/import', 'body_import', {}],
    ['/bodies/3', 'body', { id: '3' }],
    ['/bodies/3/edit', 'body_edit', { id: '3' }],
    ['/assessments', 'assessments', {}],
    ['/assessments/new', 'assessment_new', {}],
    ['/assessments/7', 'assessment', { id: '7' }],
    ['/assessments/7/areas/innovation', 'assessment_area', { id: '7', area: 'innovation' }],
    ['/assessments/7/scorecard', 'scorecard', { id: '7' }],
    ['/scorecards', 'comparison', {}],
    ['/indicators', 'indicators', {}],
    ['/indicators/ASC1', 'indicator', { key: 'ASC1' }],
    ['/indicators/a%20b', 'indicator', { key: 'a b' }],
    ['/bodies/3/goals', 'body_goals', { id: '3' }],
    ['/bodies/3/productivity', 'body_productivity', { id: '3' }],
    ['/bodies/3/surveys', 'body_surveys', { id: '3' }],
    ['/bodies/x/goals', 'not_found', {}],
    ['/imports', 'imports', {}],
    ['/benchmarks', 'benchmarks', {}],
    ['/benchmarks/12', 'benchmark', { id: '12' }],
    ['/benchmarks/peer-group', 'peer_group', {}],
    ['/benchmarks/new', 'not_found', {}],
    ['/bodies/3/benchmarks', 'body_benchmarks', { id: '3' }],
    ['/linkage', 'linkage', {}],
    ['/linkage/agreements/new', 'linkage_agreement_new', {}],
    ['/linkage/agreements/3', 'linkage_agreement', { id: '3' }],
    ['/linkage/agreements/x', 'not_found', {}],
    ['/linkage/runs/31', 'linkage_run', { id: '31' }],
    ['/linkage/runs/31/model', 'linkage_run_model', { id: '31' }],
    ['/linkage/runs/31/pairs', 'linkage_run_pairs', { id: '31' }],
    ['/linkage/runs/31/pairs/explain', 'linkage_run_explain', { id: '31' }],
    ['/linkage/runs/31/clusters', 'linkage_run_clusters', { id: '31' }],
    ['/linkage/runs/31/clusters/0', 'linkage_run_cluster', { id: '31', cluster: '0' }],
    ['/linkage/runs/31/clusters/big', 'not_found', {}],
    ['/linkage/runs/31/review', 'linkage_run_review', { id: '31' }],
    ['/linkage/runs/31/pairs/12', 'not_found', {}],
    ['/nope', 'not_found', {}],
    ['/assessments/abc', 'not_found', {}],
  ])('%s -> %s', (path, name, params) => {
    const m = resolveApp(path);
    expect(m.name).toBe(name);
    expect(m.params).toEqual(params);
  });
});

describe('href', () => {
  it('adds only non-empty query values', () => {
    expect(href('/scorecards', { framework: 1, period: '2024-25', x: '' })).toBe('/scorecards?framework=1&period=2024-25');
    expect(href('/bodies', { q: null })).toBe('/bodies');
    expect(href('/bodies')).toBe('/bodies');
  });

  it('builds the record linkage pages’ URLs, which resolve to their routes', () => {
    const pairs = href('/linkage/runs/31/pairs', { min_weight: -2.5, max_weight: null });
    expect(pairs).toBe('/linkage/runs/31/pairs?min_weight=-2.5');
    expect(resolveApp(pairs.split('?')[0]).name).toBe('linkage_run_pairs');
    const clusters = href('/linkage/runs/31/clusters', { min_size: 3 });
    expect(clusters).toBe('/linkage/runs/31/clusters?min_size=3');
    const job = href('/linkage/agreements/3', { job: 'Lk7Q' });
    expect(job).toBe('/linkage/agreements/3?job=Lk7Q');
    expect(resolveApp(job.split('?')[0])).toEqual({ name: 'linkage_agreement', params: { id: '3' } });
  });
});

describe('isInternalNavigation', () => {
  const origin = 'http://localhost:8080';
  const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };

  it('handles plain clicks on same-origin app links', () => {
    expect(isInternalNavigation({ href: 'http://localhost:8080/bodies' }, click, origin)).toBe(true);
    expect(isInternalNavigation({ href: '/assessments/1' }, click, origin)).toBe(true);
  });

  it('leaves API links, downloads, other origins and new tabs to the browser', () => {
    expect(isInternalNavigation({ href: '/api/v1/assessments/1/scorecard?format=csv' }, click, origin)).toBe(false);
    expect(isInternalNavigation({ href: '/bodies', hasDownload: true }, click, origin)).toBe(false);
    expect(isInternalNavigation({ href: 'https://www.gov.uk/' }, click, origin)).toBe(false);
    expect(isInternalNavigation({ href: '/bodies', target: '_blank' }, click, origin)).toBe(false);
    expect(isInternalNavigation({ href: '/bodies' }, { ...click, ctrlKey: true }, origin)).toBe(false);
    expect(isInternalNavigation({ href: '/bodies' }, { ...click, button: 1 }, origin)).toBe(false);
    expect(isInternalNavigation({ href: '/bodies' }, { ...click, defaultPrevented: true }, origin)).toBe(false);
  });
});
