import type { BackendReport } from '@rectify/core';
import { el, field, replaceKeepingFocus, selectInput } from '../dom';
import type { Store } from '../store';

const modes = ['auto', 'webgl2', 'webgl', 'webgpu', 'cpu'].map((m) => [m, m] as const);

/** Backend choice and what really runs: the mode, why it differs from the one asked for, every fallback, the CPU threads. */
export class BackendPanel {
  readonly root = el('section', { class: 'panel', 'data-testid': 'backend-panel' });
  private readonly status = el('div', { class: 'backend-status', 'data-testid': 'backend-status' }, 'starting…');

  constructor(private readonly store: Store) {
    store.subscribe(() => this.render());
    this.render();
  }

  private render(): void {
    const b = this.store.state.backend;
    const set = (patch: Partial<typeof b>): void => this.store.set({ ...this.store.state, backend: { ...b, ...patch } });
    replaceKeepingFocus(
      this.root,
      el('h2', {}, 'Backend'),
      field(
        'Run on',
        selectInput(
          [
            ['cpu', 'CPU'],
            ['gpu', 'GPU (gpu.js)'],
          ],
          b.kind,
          (v) => set({ kind: v as 'cpu' | 'gpu' }),
          'backend',
        ),
      ),
      b.kind === 'gpu'
        ? field(
            'gpu.js mode',
            selectInput(modes, b.gpuMode, (v) => set({ gpuMode: v }), 'gpu-mode'),
          )
        : el('span'),
      this.status,
    );
  }

  /** Shows the report of the main run. */
  showReport(r: BackendReport | null): void {
    if (!r) {
      this.status.textContent = '';
      return;
    }
    const lines = [`${r.backend} · mode ${r.mode}${r.requestedMode ? ` (asked ${r.requestedMode})` : ''}`];
    if (r.modeFallbackReason) lines.push(`fallback: ${r.modeFallbackReason}`);
    for (const f of r.fallbacks) lines.push(`${f.layer} ran on ${f.ranOn}: ${f.reason}`);
    if (r.fallbacks.length === 0) lines.push('no layer fell back');
    // The CPU backend's threads; one thread usually means the page is not cross-origin isolated, and the reason says so.
    if (r.threads) lines.push(r.threads.running > 1 ? `${r.threads.running} CPU threads` : `1 CPU thread: ${r.threads.reason}`);
    this.status.replaceChildren(...lines.map((l) => el('div', {}, l)));
  }
}
