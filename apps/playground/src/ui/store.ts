import type { Registry } from '@rectify/core';
import { defaultState } from '../state/defaults';
import type { PlaygroundState } from '../state/types';
import { decodeState, encodeState } from '../state/url';

/**
 * Why the state changed: `reset` rebuilds the models; `live` only updates what the worker can change in place;
 * `imported` describes a model the worker already holds (an imported file), so the page redraws but keeps it;
 * `sequence` changed only the sequence view's settings, which its own worker rebuilds.
 */
export type ChangeKind = 'reset' | 'live' | 'imported' | 'sequence';

/** Holds the page's state, mirrors it into the URL hash, and tells listeners about changes. */
export class Store {
  state: PlaygroundState;
  /** Set when the URL held a state that did not validate. */
  readonly loadError: string | null;
  private readonly listeners: ((s: PlaygroundState, kind: ChangeKind) => void)[] = [];

  constructor(hash: string, registry?: Registry) {
    let state = defaultState;
    let error: string | null = null;
    try {
      state = decodeState(hash, registry) ?? defaultState;
    } catch (e) {
      error = (e as Error).message;
    }
    this.state = state;
    this.loadError = error;
  }

  /** Replaces the state; a manual change leaves any running scenario. */
  set(next: PlaygroundState, kind: ChangeKind = 'reset', keepScenario = false): void {
    if (!keepScenario && next.scenario !== undefined) {
      const { scenario: _, ...rest } = next;
      next = rest;
    }
    this.state = next;
    history.replaceState(null, '', encodeState(next));
    for (const l of this.listeners) l(next, kind);
  }

  /** Calls `fn` after every change. */
  subscribe(fn: (s: PlaygroundState, kind: ChangeKind) => void): void {
    this.listeners.push(fn);
  }
}
