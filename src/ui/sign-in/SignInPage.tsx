import { useEffect, useId, useState } from 'react';
import { ApiError, type Member, api } from '../shell/api-client.ts';
import { Brand } from '../shell/AppHeader.tsx';
import { navigate } from '../shell/navigation.ts';
import { hrefs } from '../shell/routes.ts';
import { signedIn, useSession } from '../shell/session-store.ts';
import { tokenFromHash, tokenFromPaste } from './invite-token.ts';
import './SignInPage.css';

/**
 * Sign-in with an invite token (P3). A link `/sign-in#token=…` signs in by itself; the token is
 * removed from the address bar before anything else happens. A token can also be pasted (alone, or
 * the whole link).
 */

// An invite works once: StrictMode's double effects (and double clicks) must not spend it twice.
const exchanges = new Map<string, Promise<Member>>();
function exchangeOnce(token: string): Promise<Member> {
  let exchange = exchanges.get(token);
  if (!exchange) {
    exchange = api.signIn(token).then(({ member }) => member);
    exchanges.set(token, exchange);
    exchange.catch(() => exchanges.delete(token));
  }
  return exchange;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Signing in failed. Try again.';
}

// Read at load, before React renders anything, and taken out of the URL straight away.
let tokenFromLink =
  window.location.pathname === hrefs.signIn ? tokenFromHash(window.location.hash) : undefined;
if (tokenFromLink !== undefined) window.history.replaceState(null, '', hrefs.signIn);

export function SignInPage({ notice }: { notice?: string }) {
  const session = useSession();
  const [linkToken] = useState(() => {
    const token = tokenFromLink ?? tokenFromHash(window.location.hash);
    tokenFromLink = undefined;
    if (token !== undefined && window.location.hash !== '')
      window.history.replaceState(null, '', hrefs.signIn);
    return token;
  });
  const [phase, setPhase] = useState<'idle' | 'working' | 'failed'>(linkToken ? 'working' : 'idle');
  const [error, setError] = useState<string | undefined>();
  const [pasted, setPasted] = useState('');
  const inputId = useId();

  // From /sign-in, go home; shown in place of another page (a draft link opened signed out), stay there.
  const finish = (member: Member) => {
    signedIn(member);
    if (window.location.pathname === hrefs.signIn) navigate(hrefs.home, { replace: true });
  };

  useEffect(() => {
    if (!linkToken) return;
    let current = true;
    exchangeOnce(linkToken).then(
      (member) => current && finish(member),
      (failure: unknown) => {
        if (!current) return;
        setPhase('failed');
        setError(messageOf(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [linkToken]);

  useEffect(() => {
    // Already signed in and nothing to redeem: this page has nothing to do.
    if (!linkToken && session.status === 'signed-in' && window.location.pathname === hrefs.signIn) {
      navigate(hrefs.home, { replace: true });
    }
  }, [linkToken, session.status]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const token = tokenFromPaste(pasted);
    if (!token) {
      setPhase('failed');
      setError('Paste the invite token or the whole sign-in link you were sent.');
      return;
    }
    setPhase('working');
    setError(undefined);
    exchangeOnce(token).then(finish, (failure: unknown) => {
      setPhase('failed');
      setError(messageOf(failure));
    });
  };

  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <Brand />
        <h1 className="sign-in__title">Sign in to your committee</h1>
        <p className="sign-in__lead">
          Tierline is invitation-only. Open the sign-in link your chair sent you, or paste it below.
        </p>
        {notice && (
          <p className="callout callout--warning" role="status">
            {notice}
          </p>
        )}
        {phase === 'working' && linkToken ? (
          <p className="sign-in__working" role="status" data-testid="sign-in-working">
            <span className="spinner" aria-hidden="true" /> Signing you in…
          </p>
        ) : (
          <form className="sign-in__form" onSubmit={submit}>
            <label className="field-label" htmlFor={inputId}>
              Invite token or link
            </label>
            <input
              id={inputId}
              className="input"
              data-testid="sign-in-token"
              value={pasted}
              onChange={(event) => setPasted(event.target.value)}
              placeholder="https://…/sign-in#token=…"
              autoComplete="off"
              spellCheck={false}
              autoFocus
            />
            <button
              type="submit"
              className="button button--primary button--block"
              data-testid="sign-in-submit"
              disabled={phase === 'working'}
            >
              {phase === 'working' ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        )}
        {error && (
          <p className="callout callout--error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}
