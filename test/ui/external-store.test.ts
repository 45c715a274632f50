import { describe, expect, it } from 'vitest';
import { createChangeListeners, createStore } from '../../src/ui/kit/external-store.ts';

describe('stores components subscribe to', () => {
  it('tells every subscriber once per change, and no one after they unsubscribed', () => {
    const store = createStore('connecting');
    const seen: string[] = [];
    const stopA = store.subscribe(() => seen.push(`a:${store.get()}`));
    store.subscribe(() => seen.push(`b:${store.get()}`));
    store.set('connected');
    store.set('connected');
    stopA();
    store.set('saved');
    expect(seen).toEqual(['a:connected', 'b:connected', 'b:saved']);
  });

  it('a listener that unsubscribes while being told skips no other listener', () => {
    const listeners = createChangeListeners();
    const told: string[] = [];
    const stopFirst = listeners.subscribe(() => {
      told.push('first');
      stopFirst();
    });
    listeners.subscribe(() => told.push('second'));
    listeners.notify();
    listeners.notify();
    expect(told).toEqual(['first', 'second', 'second']);
  });
});
