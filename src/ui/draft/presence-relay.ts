import type { WebsocketProvider } from 'y-websocket';

/**
 * y-websocket sends the server every awareness change it sees, including the ones it just received from
 * the server. So when one tab sends many presence updates, every other tab sends them all back and is
 * itself closed 4429 for a flood it did not make, and each echo costs the server a relay to the whole
 * room. The server already has what it sent: only changes made here (or dropped here by timeout) go out.
 */
export function sendOnlyOwnPresence(provider: WebsocketProvider): void {
  const relayEverything = provider._awarenessUpdateHandler;
  provider.awareness.off('update', relayEverything);
  // Kept on the same property so `provider.destroy()` unregisters this one.
  provider._awarenessUpdateHandler = (changes, origin) => {
    if (origin === provider) return;
    relayEverything(changes, origin);
  };
  provider.awareness.on('update', provider._awarenessUpdateHandler);
}
