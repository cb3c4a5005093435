/** Colours of the runs compared side by side (colour-blind-safe, Okabe–Ito). */
export const runColors: readonly string[] = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#f0e442',
  '#000000',
];
