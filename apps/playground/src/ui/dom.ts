/** Attributes and properties for {@link el}: strings become attributes, functions become listeners (`onclick`). */
export type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

/** Creates an element with attributes, listeners and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') node.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null) node.append(c);
  return node;
}

/** A labelled control. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  return el('label', { class: 'field', ...(hint ? { title: hint } : {}) }, el('span', { class: 'field-label' }, label), control);
}

/** A number input that reports valid values only. */
export function numberInput(
  value: number,
  opts: { min?: number; max?: number; step?: number | 'any'; testid?: string },
  onChange: (v: number) => void,
): HTMLInputElement {
  const input = el('input', {
    type: 'number',
    value: String(value),
    step: String(opts.step ?? 'any'),
    ...(opts.min === undefined ? {} : { min: opts.min }),
    ...(opts.max === undefined ? {} : { max: opts.max }),
    ...(opts.testid ? { 'data-testid': opts.testid } : {}),
  });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    const ok =
      input.value !== '' &&
      Number.isFinite(v) &&
      (opts.min === undefined || v >= opts.min) &&
      (opts.max === undefined || v <= opts.max);
    input.classList.toggle('invalid', !ok);
    if (ok) onChange(v);
  });
  return input;
}

/** A select over `[value, label]` options. */
export function selectInput(
  options: readonly (readonly [string, string])[],
  value: string,
  onChange: (v: string) => void,
  testid?: string,
): HTMLSelectElement {
  const s = el('select', testid ? { 'data-testid': testid } : {});
  for (const [v, label] of options) s.append(el('option', { value: v, ...(v === value ? { selected: true } : {}) }, label));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

/** A button. */
export function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  return el('button', { type: 'button', ...attrs, onclick: () => onClick() }, label);
}

/** A canvas sized for crisp drawing at the device pixel ratio; draw in CSS pixels. */
export function hiDpiCanvas(width: number, height: number, attrs: Attrs = {}): HTMLCanvasElement {
  const c = el('canvas', attrs);
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  c.width = Math.round(width * dpr);
  c.height = Math.round(height * dpr);
  c.style.width = `${width}px`;
  c.style.height = `${height}px`;
  c.getContext('2d')!.scale(dpr, dpr);
  return c;
}
