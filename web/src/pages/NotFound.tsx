import { usePageTitle } from '../hooks';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">Page not found</h1>
        <p class="govuk-body">If you typed the web address, check it is correct.</p>
        <p class="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p class="govuk-body">
          <a class="govuk-link" href="/">
            Go to the dashboard
          </a>
        </p>
      </div>
    </div>
  );
}
