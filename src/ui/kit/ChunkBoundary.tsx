import { Component, type ReactNode, Suspense } from 'react';
import { ChunkLoadError, forgetFailedChunks } from './retrying-lazy.ts';
import './ChunkBoundary.css';

/**
 * Suspense for parts loaded with `retryingLazy`, plus what to show when their code cannot be fetched (C6):
 * a message in place of that part, never a blank page. It tries again when the browser comes back online,
 * or when the member asks. Any other error passes up unchanged.
 */
export function ChunkBoundary({
  fallback,
  compact = false,
  children,
}: {
  /** Shown while the chunk loads. */
  fallback: ReactNode;
  /** A one-line message (for small places: a dialog, the problems list). */
  compact?: boolean;
  children: ReactNode;
}) {
  return (
    <ChunkErrorBoundary compact={compact}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}

/** How often, and how far apart, a chunk that fails again just after the network came back is retried. */
const ONLINE_RETRIES = 5;
const ONLINE_RETRY_MS = 1000;

interface BoundaryState {
  readonly error: Error | null;
}

class ChunkErrorBoundary extends Component<{ compact: boolean; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };
  /**
   * The `online` event can come a moment before requests go through, so a load that fails again right
   * after it is retried on its own a few times, a second apart.
   */
  private retriesLeft = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly retry = () => {
    clearTimeout(this.retryTimer);
    if (this.state.error === null) return;
    forgetFailedChunks();
    this.setState({ error: null });
  };
  private readonly retryOnline = () => {
    this.retriesLeft = ONLINE_RETRIES;
    this.retry();
  };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidMount(): void {
    window.addEventListener('online', this.retryOnline);
  }

  override componentDidUpdate(): void {
    if (!(this.state.error instanceof ChunkLoadError) || !navigator.onLine || this.retriesLeft === 0) return;
    this.retriesLeft -= 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(this.retry, ONLINE_RETRY_MS);
  }

  override componentWillUnmount(): void {
    window.removeEventListener('online', this.retryOnline);
    clearTimeout(this.retryTimer);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    // Not a chunk that failed to load: a bug, for the boundaries above (behaviour as before).
    if (!(error instanceof ChunkLoadError)) throw error;
    const offline = !navigator.onLine;
    return (
      <div
        className={`chunk-failed${this.props.compact ? ' chunk-failed--compact' : ''}`}
        role="alert"
        data-testid="chunk-failed"
      >
        <p className="chunk-failed__text">
          {offline
            ? 'This part of Tierline could not load while offline; it will retry when the network is back.'
            : 'This part of Tierline could not load from the server.'}
        </p>
        <button type="button" className="button button--small" onClick={this.retry}>
          Try again
        </button>
      </div>
    );
  }
}
