import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { ErrorSummary, type ErrorItem } from '../components/ErrorSummary';
import { TextInput } from '../components/ui';
import { SERVICE_NAME, usePageTitle, useSession } from '../hooks';
import { navigate } from '../router';

/** Only same-site paths may be a post-sign-in destination. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/sign-in')) return '/';
  return next;
}

export function SignInPage() {
  const { user, setUser } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);
  const next = safeNext(new URLSearchParams(window.location.search).get('next'));
  usePageTitle('Sign in', errors.length > 0);

  useEffect(() => {
    if (user) navigate(next, { replace: true });
  }, [user]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const fe: { username?: string; password?: string } = {};
    if (!username.trim()) fe.username = 'Enter your username';
    if (!password) fe.password = 'Enter your password';
    setFieldErrors(fe);
    if (fe.username || fe.password) {
      setErrors(
        Object.entries(fe).map(([k, v]) => ({ text: v as string, field: k })),
      );
      return;
    }
    setBusy(true);
    try {
      const s = await api.signIn(username.trim(), password);
      setErrors([]);
      setUser(s.user);
      navigate(next, { replace: true });
    } catch (err) {
      const e2 = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
      const text =
        e2.status === 401 ? 'The username or password is not correct' : e2.message || 'Sign in failed';
      setErrors([{ text, field: 'username' }]);
      setFieldErrors({ username: e2.status === 401 ? text : undefined });
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <ErrorSummary items={errors} />
        <h1 class="govuk-heading-l">Sign in to {SERVICE_NAME}</h1>
        <p class="govuk-body">
          Treasury spending teams, public bodies and their assessors use this service to rate, agree and compare
          public value assessments.
        </p>
        <form onSubmit={submit} noValidate>
          <TextInput
            id="username"
            label="Username"
            value={username}
            onInput={setUsername}
            autocomplete="username"
            spellcheck={false}
            width="20"
            error={fieldErrors.username}
          />
          <TextInput
            id="password"
            label="Password"
            type="password"
            value={password}
            onInput={setPassword}
            autocomplete="current-password"
            width="20"
            error={fieldErrors.password}
          />
          <button type="submit" class="govuk-button" data-module="govuk-button" disabled={busy}>
            Sign in
          </button>
        </form>
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">Trying the demo?</span>
          </summary>
          <div class="govuk-details__text">
            When the server runs with <code>--demo</code>, each role has an account whose password is the username
            followed by <code>-demo</code>: <code>admin</code>, <code>treasury</code>, <code>bodylead</code>,{' '}
            <code>assessor</code> and <code>viewer</code>.
          </div>
        </details>
      </div>
    </div>
  );
}
