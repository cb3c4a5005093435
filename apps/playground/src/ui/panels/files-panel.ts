import { button, el } from '../dom';

/** Callbacks the files panel needs from the app. */
export interface FilesActions {
  readonly exportModel: () => void;
  readonly importModel: (text: string, name: string) => void;
  /** `softmax`: append a Softmax so the file outputs class probabilities. */
  readonly exportOnnx: (softmax: boolean) => void;
  readonly importOnnx: (bytes: Uint8Array, name: string) => void;
  readonly exportCsv: () => void;
  readonly shareLink: () => string;
}

function fileInput(accept: string, testid: string, onFile: (f: File) => Promise<void>): HTMLInputElement {
  const input = el('input', { type: 'file', accept, 'data-testid': testid });
  input.addEventListener('change', async () => {
    const f = input.files?.[0];
    if (!f) return;
    await onFile(f);
    input.value = '';
  });
  return input;
}

/** Share link, model JSON and ONNX export and import, loss history CSV, and the errors and notes they raise. */
export class FilesPanel {
  readonly root = el('section', { class: 'panel', 'data-testid': 'files-panel' });
  private readonly error = el('div', { class: 'error', role: 'alert', 'data-testid': 'import-error' });
  private readonly note = el('div', { class: 'muted', 'data-testid': 'files-note' });
  private readonly notes = el('ul', { class: 'import-notes', 'data-testid': 'import-notes' });

  constructor(actions: FilesActions) {
    const json = fileInput('.json,application/json', 'import-file', async (f) => {
      this.showError(null);
      actions.importModel(await f.text(), f.name);
    });
    const onnx = fileInput('.onnx,application/octet-stream', 'import-onnx', async (f) => {
      this.showError(null);
      actions.importOnnx(new Uint8Array(await f.arrayBuffer()), f.name);
    });
    const softmax = el('input', { type: 'checkbox', 'data-testid': 'onnx-softmax' });
    const link = el('input', {
      type: 'text',
      readonly: true,
      class: 'share-link',
      'aria-label': 'link to this exact run (copy it to share)',
      'data-testid': 'share-link',
    });
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
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Import model JSON'), json),
      el(
        'div',
        { class: 'row onnx-row' },
        button('Export ONNX', () => actions.exportOnnx(softmax.checked), {
          'data-testid': 'export-onnx',
          title: 'the trained model as an ONNX file for onnxruntime and other tools',
        }),
        el(
          'label',
          { class: 'check', title: 'append a Softmax: the file outputs class probabilities instead of logits' },
          softmax,
          ' softmax head',
        ),
      ),
      el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Import ONNX'), onnx),
      this.note,
      this.notes,
      this.error,
    );
  }

  /** Shows (or clears) an import/export error. */
  showError(message: string | null): void {
    this.error.textContent = message ?? '';
    this.error.classList.toggle('shown', message !== null);
    if (message !== null) this.notes.replaceChildren();
  }

  /** Shows a short status line, and the importer's notes when there are any. */
  showNote(message: string, notes: readonly string[] = []): void {
    this.note.textContent = message;
    this.notes.replaceChildren(...notes.map((n) => el('li', {}, n)));
  }
}

/** Saves text or bytes as a file download. */
export function download(name: string, content: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
