import { type FieldBounds, boundsProblem } from '../state/bounds';

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

/** A labelled control; the hint shows on hover and keyboard focus of the control. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (hint) control.setAttribute('aria-description', hint);
  return el(
    'label',
    { class: 'field', ...(hint ? { 'data-tip': hint } : {}) },
    el('span', { class: 'field-label' }, label),
    control,
  );
}

/**
 * Explains an element on hover and on keyboard focus (a tooltip drawn by CSS from `data-tip`, and the same words as
 * its accessible description); makes it focusable when it is not.
 */
export function tip<T extends HTMLElement>(node: T, text: string): T {
  node.dataset.tip = text;
  node.setAttribute('aria-description', text);
  if (node.tabIndex < 0) node.tabIndex = 0;
  return node;
}

/** A number input that reports valid values only; an invalid entry is marked and says why. */
export function numberInput(
  value: number,
  opts: { min?: number; max?: number; step?: number | 'any'; testid?: string; integer?: boolean; label?: string },
  onChange: (v: number) => void,
): HTMLInputElement {
  const input = el('input', {
    type: 'number',
    value: String(value),
    step: String(opts.step ?? 'any'),
    ...(opts.min === undefined ? {} : { min: opts.min }),
    ...(opts.max === undefined ? {} : { max: opts.max }),
    ...(opts.testid ? { 'data-testid': opts.testid } : {}),
    ...(opts.label ? { 'aria-label': opts.label } : {}),
  });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    const problem = boundsProblem(
      {
        label: opts.label ?? 'value',
        min: opts.min ?? Number.NEGATIVE_INFINITY,
        max: opts.max ?? Number.POSITIVE_INFINITY,
        integer: opts.integer ?? false,
      },
      input.value === '' ? undefined : v,
    );
    input.classList.toggle('invalid', problem !== null);
    input.setCustomValidity(problem ?? '');
    if (problem) {
      input.setAttribute('aria-invalid', 'true');
      input.title = problem;
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('title');
      onChange(v);
    }
  });
  return input;
}

/** A number box for a field of the state, with its shared bounds (`BOUNDS` in `state/bounds`). */
export function boundedInput(
  value: number,
  bounds: FieldBounds,
  testid: string,
  onChange: (v: number) => void,
): HTMLInputElement {
  return numberInput(
    value,
    {
      min: bounds.min,
      max: bounds.max,
      step: bounds.step ?? 'any',
      integer: bounds.integer ?? false,
      label: bounds.label,
      testid,
    },
    onChange,
  );
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

/**
 * Replaces a panel's children and gives keyboard focus back to the control that had it (found again by its
 * `data-testid`), so changing an activation or adding a layer does not drop focus to the page.
 */
export function replaceKeepingFocus(root: HTMLElement, ...children: (Node | string)[]): void {
  const active = document.activeElement;
  const id = active instanceof HTMLElement && root.contains(active) ? active.getAttribute('data-testid') : null;
  root.replaceChildren(...children);
  if (id) root.querySelector<HTMLElement>(`[data-testid="${CSS.escape(id)}"]`)?.focus();
}

/** Gives a control its accessible name (for controls without a visible label of their own). */
export function labelled<T extends HTMLElement>(control: T, name: string): T {
  control.setAttribute('aria-label', name);
  return control;
}
