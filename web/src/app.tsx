import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api';
import { roleLabel } from './format';
import { SERVICE_NAME, SessionContext } from './hooks';
import { href, navigate, resolveApp, subscribe, wantsFocus, type Match, type RouteName } from './router';
import type { User } from './types';
import { SignInPage } from './pages/SignIn';
import { DashboardPage } from './pages/Dashboard';
import { BodiesPage, BodyPage, BodyFormPage, BodyImportPage } from './pages/Bodies';
import { AssessmentsPage, NewAssessmentPage } from './pages/Assessments';
import { AssessmentPage } from './pages/Assessment';
import { AreaPage } from './pages/Area';
import { ScorecardPage } from './pages/Scorecard';
import { ComparisonPage } from './pages/Comparison';
import { IndicatorPage, IndicatorsPage } from './pages/Indicators';
import { BodyGoalsPage } from './pages/BodyGoals';
import { BodyProductivityPage } from './pages/BodyProductivity';
import { BodySurveysPage } from './pages/BodySurveys';
import { ImportsPage } from './pages/Imports';
import { BenchmarksPage } from './pages/Benchmarks';
import { BenchmarkPage } from './pages/Benchmark';
import { PeerGroupPage } from './pages/PeerGroup';
import { BodyBenchmarksPage } from './pages/BodyBenchmarks';
import { LinkagePage, NewAgreementPage } from './pages/Linkage';
import { AgreementPage } from './pages/LinkageAgreement';
import { LinkageRunPage } from './pages/LinkageRun';
import { NotFoundPage } from './pages/NotFound';
import { Loading } from './components/ui';

function currentLocation() {
  return { path: window.location.pathname, search: window.location.search };
}

const NAV: { text: string; href: string; routes: RouteName[] }[] = [
  { text: 'Dashboard', href: '/', routes: ['dashboard'] },
  {
    text: 'Bodies',
    href: '/bodies',
    routes: ['bodies', 'body', 'body_new', 'body_edit', 'body_import', 'body_goals', 'body_productivity', 'body_surveys', 'body_benchmarks'],
  },
  {
    text: 'Assessments',
    href: '/assessments',
    routes: ['assessments', 'assessment_new', 'assessment', 'assessment_area', 'scorecard'],
  },
  { text: 'Compare scorecards', href: '/scorecards', routes: ['comparison'] },
  { text: 'Indicators', href: '/indicators', routes: ['indicators', 'indicator'] },
  { text: 'Benchmarking', href: '/benchmarks', routes: ['benchmarks', 'benchmark', 'peer_group'] },
  {
    text: 'Record linkage',
    href: '/linkage',
    routes: [
      'linkage',
      'linkage_agreement_new',
      'linkage_agreement',
      'linkage_run',
      'linkage_run_model',
      'linkage_run_pairs',
      'linkage_run_explain',
      'linkage_run_clusters',
      'linkage_run_cluster',
      'linkage_run_review',
    ],
  },
];

function Header({ user, route, onSignOut }: { user: User | null; route: RouteName | 'not_found'; onSignOut: () => void }) {
  return (
    <header class="govuk-template__header">
      <div class="govuk-generic-header pvf-header">
        <div class="govuk-generic-header__container govuk-width-container">
          <div class="govuk-generic-header__logo">
            <a href="/" class="govuk-generic-header__homepage-link pvf-header__product">
              pvf <span class="pvf-header__tagline">public value, measured</span>
            </a>
          </div>
        </div>
      </div>
      <section aria-label="Service information" class="govuk-service-navigation">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name">
              <a href="/" class="govuk-service-navigation__link">
                {SERVICE_NAME}
              </a>
            </span>
            {user ? (
              <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                <ul class="govuk-service-navigation__list" id="navigation">
                  {NAV.map((n) => {
                    const active = n.routes.includes(route as RouteName);
                    return (
                      <li
                        class={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                        key={n.href}
                      >
                        <a class="govuk-service-navigation__link" href={n.href} aria-current={active ? 'true' : undefined}>
                          {active ? <strong class="govuk-service-navigation__active-fallback">{n.text}</strong> : n.text}
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            ) : null}
          </div>
          {user ? (
            <div class="pvf-account" data-testid="account">
              <span class="pvf-account__name">{user.display_name || user.username}</span>
              <span class="pvf-account__role">{roleLabel(user.role)}</span>
              <a
                href="/sign-out"
                class="govuk-link govuk-link--no-visited-state pvf-account__signout"
                onClick={(e) => {
                  e.preventDefault();
                  onSignOut();
                }}
              >
                Sign out
              </a>
            </div>
          ) : null}
        </div>
      </section>
    </header>
  );
}

function PhaseBanner() {
  return (
    <div class="govuk-phase-banner">
      <p class="govuk-phase-banner__content">
        <strong class="govuk-tag govuk-phase-banner__content__tag">Alpha</strong>
        <span class="govuk-phase-banner__text">
          This is a new service. It is open-source software and not an official HM Treasury service.
        </span>
      </p>
    </div>
  );
}

function Footer() {
  return (
    <footer class="govuk-footer">
      <div class="govuk-width-container">
        <div class="govuk-footer__meta">
          <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 class="govuk-visually-hidden">Support links</h2>
            <ul class="govuk-footer__inline-list">
              <li class="govuk-footer__inline-list-item">
                <a class="govuk-footer__link" href="/api/v1/health">
                  Service status
                </a>
              </li>
            </ul>
            <p class="govuk-body-s pvf-footer__text">
              pvf applies HM Treasury's Public Value Framework (2017). Built with the GOV.UK Design System. Released
              under the MIT licence.
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

function renderRoute(m: Match<RouteName>): ComponentChildren {
  const id = Number(m.params.id);
  switch (m.name) {
    case 'sign_in':
      return <SignInPage />;
    case 'dashboard':
      return <DashboardPage />;
    case 'bodies':
      return <BodiesPage />;
    case 'body_new':
      return <BodyFormPage />;
    case 'body_edit':
      return <BodyFormPage id={id} key={`edit-${id}`} />;
    case 'body':
      return <BodyPage id={id} key={`body-${id}`} />;
    case 'body_import':
      return <BodyImportPage />;
    case 'assessments':
      return <AssessmentsPage />;
    case 'assessment_new':
      return <NewAssessmentPage />;
    case 'assessment':
      return <AssessmentPage id={id} key={`a-${id}`} />;
    case 'assessment_area':
      return <AreaPage id={id} area={m.params.area} key={`a-${id}-${m.params.area}`} />;
    case 'scorecard':
      return <ScorecardPage id={id} key={`s-${id}`} />;
    case 'comparison':
      return <ComparisonPage />;
    case 'indicators':
      return <IndicatorsPage />;
    case 'indicator':
      return <IndicatorPage indicatorKey={m.params.key} key={`i-${m.params.key}`} />;
    case 'body_goals':
      return <BodyGoalsPage id={id} key={`goals-${id}`} />;
    case 'body_productivity':
      return <BodyProductivityPage id={id} key={`prod-${id}`} />;
    case 'body_surveys':
      return <BodySurveysPage id={id} key={`surveys-${id}`} />;
    case 'imports':
      return <ImportsPage />;
    case 'benchmarks':
      return <BenchmarksPage />;
    case 'benchmark':
      return <BenchmarkPage id={id} key={`bm-${id}`} />;
    case 'peer_group':
      return <PeerGroupPage />;
    case 'body_benchmarks':
      return <BodyBenchmarksPage id={id} key={`body-bm-${id}`} />;
    case 'linkage':
      return <LinkagePage />;
    case 'linkage_agreement_new':
      return <NewAgreementPage />;
    case 'linkage_agreement':
      return <AgreementPage id={id} key={`la-${id}`} />;
    // One component for every section of a run (same key), so the run is read once.
    case 'linkage_run':
      return <LinkageRunPage id={id} section="summary" key={`lr-${id}`} />;
    case 'linkage_run_model':
      return <LinkageRunPage id={id} section="model" key={`lr-${id}`} />;
    case 'linkage_run_pairs':
      return <LinkageRunPage id={id} section="pairs" key={`lr-${id}`} />;
    case 'linkage_run_explain':
      return <LinkageRunPage id={id} section="explain" key={`lr-${id}`} />;
    case 'linkage_run_clusters':
      return <LinkageRunPage id={id} section="clusters" key={`lr-${id}`} />;
    case 'linkage_run_cluster':
      return <LinkageRunPage id={id} section="cluster" cluster={Number(m.params.cluster)} key={`lr-${id}`} />;
    case 'linkage_run_review':
      return <LinkageRunPage id={id} section="review" key={`lr-${id}`} />;
    default:
      return <NotFoundPage />;
  }
}

export function App() {
  const [loc, setLoc] = useState(currentLocation());
  const [user, setUser] = useState<User | null>(null);
  const [restoring, setRestoring] = useState(true);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => subscribe(() => setLoc(currentLocation())), []);

  useEffect(() => {
    api.onUnauthenticated = () => {
      setUser(null);
      const here = window.location.pathname + window.location.search;
      if (window.location.pathname !== '/sign-in') navigate(href('/sign-in', { next: here }), { replace: true, focus: false });
    };
    api
      .restoreSession()
      .then((s) => setUser(s?.user ?? null))
      .catch((e) => setRestoreError(e instanceof Error ? e.message : String(e)))
      .finally(() => setRestoring(false));
  }, []);

  const match = resolveApp(loc.path);

  // Signed-out people go to sign in (and come back afterwards).
  useEffect(() => {
    if (restoring) return;
    if (!user && match.name !== 'sign_in') {
      navigate(href('/sign-in', { next: loc.path + loc.search }), { replace: true, focus: false });
    }
  }, [restoring, user, match.name, loc.path, loc.search]);

  // Focus management: after a route change, move focus to <main> and announce the new title.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!wantsFocus()) return;
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
    const t = window.setTimeout(() => setAnnouncement(document.title), 300);
    return () => window.clearTimeout(t);
  }, [loc.path, loc.search]);

  const signOut = async () => {
    try {
      await api.signOut();
    } catch {
      // signed out locally regardless
    }
    setUser(null);
    navigate('/sign-in');
  };

  let content: ComponentChildren;
  if (restoring) content = <Loading />;
  else if (restoreError)
    content = (
      <div class="govuk-error-summary" role="alert">
        <h2 class="govuk-error-summary__title">Sorry, there is a problem with the service</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{restoreError}</p>
        </div>
      </div>
    );
  else if (!user && match.name !== 'sign_in') content = <Loading />;
  else content = renderRoute(match);

  return (
    <SessionContext.Provider value={{ user, setUser }}>
      <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to main content
      </a>
      <Header user={user} route={match.name} onSignOut={signOut} />
      <div class="govuk-width-container">
        <PhaseBanner />
        <main class="govuk-main-wrapper" id="main-content" tabIndex={-1} ref={mainRef}>
          {content}
        </main>
      </div>
      <div class="govuk-visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <Footer />
    </SessionContext.Provider>
  );
}
