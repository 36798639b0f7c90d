import { useSyncExternalStore, type FormEvent } from 'react';
import { apiKeys, type ApiKeyState } from './api-key-store';

export function useApiKeyState(): ApiKeyState {
  return useSyncExternalStore(apiKeys.subscribe, apiKeys.getSnapshot);
}

/** Shown in place of the page while the hub answers 401: asks once per tab for the key in Qyl:ApiKey. */
export function ApiKeyForm({ refused }: { refused: boolean }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apiKeys.enter(String(new FormData(event.currentTarget).get('apiKey') ?? ''));
  };
  return (
    <section className="page key-page">
      <form className="key-form" onSubmit={submit} data-testid="api-key-form">
        <h1>API key required</h1>
        <p className="dim">
          This hub is started with <code>Qyl:ApiKey</code>. Enter that key to watch its spans; it is kept in this
          browser tab only, until the tab is closed.
        </p>
        {refused && (
          <p className="error-text" role="alert" data-testid="api-key-error">
            The hub refused that key. Check the value of Qyl:ApiKey and enter it again.
          </p>
        )}
        <label htmlFor="api-key-input">API key</label>
        <div className="key-row">
          <input id="api-key-input" name="apiKey" type="password" autoComplete="current-password" required autoFocus
            spellCheck={false} data-testid="api-key-input" aria-invalid={refused || undefined} />
          <button type="submit" className="btn primary" data-testid="api-key-submit">connect</button>
        </div>
      </form>
    </section>
  );
}
