import { button, el } from '../dom';

/** Callbacks the files panel needs from the app. */
export interface FilesActions {
  readonly exportModel: () => void;
  readonly importModel: (text: string, name: string) => void;
  readonly exportCsv: () => void;
  readonly shareLink: () => string;
}

/** Share link, model JSON export and import, loss history CSV, and the errors they raise. */
export class FilesPanel {
  readonly root = el('section', { class: 'panel', 'data-testid': 'files-panel' });
  private readonly error = el('div', { class: 'error', role: 'alert', 'data-testid': 'import-error' });
  private readonly note = el('div', { class: 'muted', 'data-testid': 'files-note' });

  constructor(actions: FilesActions) {
    const file = el('input', { type: 'file', accept: '.json,application/json', 'data-testid': 'import-file' });
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (!f) return;
      this.showError(null);
      actions.importModel(await f.text(), f.name);
      file.value = '';
    });
    const link = el('input', { type: 'text', readonly: true, class: 'share-link', 'data-testid': 'share-link' });
    this.root.append(
      el('h2', {}, 'Share & keep'),
      el(
        'div',
        { class: 'row' },
        button(
          'Copy link',
          () => {
            link.value = actions.shareLink();
            link.select();
            navigator.clipboard?.writeText(link.value).catch(() => undefined);
          },
          { 'data-testid': 'share' },
        ),
        button('Export model', actions.exportModel, { 'data-testid': 'export-model' }),
        button('Loss CSV', actions.exportCsv, { 'data-testid': 'export-csv' }),
      ),
      link,
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Import model JSON'), file),
      this.note,
      this.error,
    );
  }

  /** Shows (or clears) an import/export error. */
  showError(message: string | null): void {
    this.error.textContent = message ?? '';
    this.error.classList.toggle('shown', message !== null);
  }

  /** Shows a short status line. */
  showNote(message: string): void {
    this.note.textContent = message;
  }
}

/** Saves text as a file download. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
