import { GRID_EXTENT } from '../../engine/grid';
import { el } from '../dom';
import { divergingRgb } from './colors';

/** How strongly the heatmap colours an output: at full strength only beyond |value| = 1 / OUTPUT_SHADE. */
const OUTPUT_SHADE = 0.8;

/**
 * Colours one output of the model as the heatmap does: for two classes `p` from orange (0) through white (0.5) to
 * blue (1); for regression the value itself, orange below 0 and blue above, full at ±1.25.
 */
export function outputShade(value: number, task: string, out: Uint8ClampedArray, o: number): void {
  divergingRgb((task === 'binary' ? 2 * value - 1 : value) * OUTPUT_SHADE, out, o);
}

/** One labelled value of the colour legend. */
export interface LegendStop {
  readonly value: number;
  readonly label: string;
}

/** The labelled ends and middle of the colour legend, and the range of outputs it spans. */
export function legendStops(task: string): { readonly from: number; readonly to: number; readonly stops: LegendStop[] } {
  if (task === 'binary') {
    return {
      from: 0,
      to: 1,
      stops: [
        { value: 0, label: 'p = 0 (orange class)' },
        { value: 0.5, label: '0.5' },
        { value: 1, label: '1 (blue class)' },
      ],
    };
  }
  const full = 1 / OUTPUT_SHADE;
  return {
    from: -full,
    to: full,
    stops: [
      { value: -full, label: `ŷ ≤ −${full}` },
      { value: 0, label: '0' },
      { value: full, label: `≥ ${full}` },
    ],
  };
}

/** A CSS gradient of the output colours from `from` to `to`, in `steps` even steps. */
export function legendGradient(task: string, from: number, to: number, steps = 8): string {
  const rgb = new Uint8ClampedArray(4);
  const colours: string[] = [];
  for (let k = 0; k <= steps; k++) {
    outputShade(from + ((to - from) * k) / steps, task, rgb, 0);
    colours.push(`rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]}) ${((100 * k) / steps).toFixed(1)}%`);
  }
  return `linear-gradient(to right, ${colours.join(', ')})`;
}

/** Tick values of the plane's axes, and where they sit along the axis, in percent from its start. */
export function axisTicks(): { value: number; at: number }[] {
  return [-1, 0, 1].map((value) => ({ value, at: (100 * (value + GRID_EXTENT)) / (2 * GRID_EXTENT) }));
}

const tickText = (v: number): string => (v < 0 ? `−${-v}` : String(v));

/** The x₁ axis under the heatmap and the x₂ axis beside it, with their ticks. */
export function planeAxes(): { x: HTMLElement; y: HTMLElement } {
  const ticks = axisTicks();
  const x = el(
    'div',
    { class: 'axis axis-x', 'aria-hidden': 'true', 'data-testid': 'axis-x1' },
    ...ticks.map((t) => el('span', { style: `left:${t.at}%` }, tickText(t.value))),
    el('span', { class: 'axis-name' }, 'x₁'),
  );
  const y = el(
    'div',
    { class: 'axis axis-y', 'aria-hidden': 'true', 'data-testid': 'axis-x2' },
    ...ticks.map((t) => el('span', { style: `top:${100 - t.at}%` }, tickText(t.value))),
    el('span', { class: 'axis-name' }, 'x₂'),
  );
  return { x, y };
}

/** Fills `root` with the colour legend of a task: the gradient bar and its labelled values. */
export function drawLegend(root: HTMLElement, task: string): void {
  const { from, to, stops } = legendStops(task);
  const bar = el('div', { class: 'legend-bar', style: `background:${legendGradient(task, from, to)}` });
  const labels = el(
    'div',
    { class: 'legend-labels' },
    ...stops.map((s) => el('span', { style: `left:${(100 * (s.value - from)) / (to - from)}%` }, s.label)),
  );
  root.replaceChildren(bar, labels);
  root.setAttribute(
    'aria-label',
    `colour legend: ${stops.map((s) => s.label).join(', ')}${task === 'binary' ? '' : ' (regression output ŷ)'}`,
  );
}
