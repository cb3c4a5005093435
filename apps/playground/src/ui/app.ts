import type { Metrics } from '../engine/trainer';
import { playgroundPlugins } from '../engine/plugins';
import { createPlaygroundRegistry } from '../engine/registry';
import type { NetworkSpec, PlaygroundState } from '../state/types';
import { encodeState } from '../state/url';
import { validateState } from '../state/validate';
import type { FromWorker, RunFrame, ToWorker, Visuals } from '../worker/protocol';
import { historyCsv } from './csv';
import { button, el, field, selectInput } from './dom';
import { BackendPanel } from './panels/backend-panel';
import { ComparePanel } from './panels/compare-panel';
import { DataPanel } from './panels/data-panel';
import { FilesPanel, download } from './panels/files-panel';
import { NetworkPanel } from './panels/network-panel';
import { ScenarioPanel } from './panels/scenario-panel';
import { SequencePanel } from './panels/sequence-panel';
import { TrainingPanel } from './panels/training-panel';
import { RedrawPacer } from './redraw-pacer';
import { runSpecs } from './run-specs';
import { findScenario } from '../scenarios/definitions';
import { Store } from './store';
import { CompareView } from './views/compare-view';
import { CurveChart } from './views/curves';
import { DigitsView } from './views/digits-view';
import { FeatureMapsView } from './views/feature-maps';
import { Heatmap } from './views/heatmap';
import { RunToggles } from './views/run-toggles';
import { aboutSection } from './views/about';
import { StatsView } from './views/stats-view';

const fmt = (v: number | undefined, pct = false): string =>
  v === undefined || Number.isNaN(v) ? '—' : pct ? `${(v * 100).toFixed(1)}%` : v.toFixed(4);

/** File name (without extension) of a downloaded model: the data set it was trained on. */
const modelName = (s: PlaygroundState): string => `rectify-${s.dataset.name}`;

/** Points kept per curve. */
const MAX_POINTS = 1500;

/** Wires the store, the training worker and every panel and view of the page. */
export function startApp(root: HTMLElement): void {
  const registry = createPlaygroundRegistry(playgroundPlugins);
  const store = new Store(location.hash, registry);
  const worker = new Worker(new URL('../worker/train-worker.ts', import.meta.url), { type: 'module' });
  const send = (m: ToWorker): void => worker.postMessage(m);
  let histories: { label: string; points: Metrics[] }[] = [];
  let playing = false;
  let lastRuns: readonly RunFrame[] = [];
  let generation = 0;

  const heatmap = new Heatmap();
  const digits = new DigitsView();
  const featureMaps = new FeatureMapsView();
  const loss = new CurveChart('loss — train (solid), test (dashed)', ['trainLoss', 'testLoss'], true, 'loss-chart');
  const acc = new CurveChart(
    'accuracy — train (solid), test (dashed)',
    ['trainAccuracy', 'testAccuracy'],
    false,
    'accuracy-chart',
  );
  let shownRun = 0;
  const drawCharts = (): void => {
    const view = { hidden: toggles.hidden, selected: shownRun };
    loss.draw(histories, view);
    acc.draw(histories, view);
  };
  const toggles = new RunToggles(drawCharts);
  const stats = new StatsView();
  const compare = new CompareView();
  const steps = el('span', { 'data-testid': 'steps' }, '0');
  const rate = el('span', { class: 'muted', 'data-testid': 'steps-per-second' });
  const stopNote = el('span', { class: 'muted', 'data-testid': 'stop-note' });
  let lastVisuals: Visuals | null = null;
  /** The data are points of the plane: the output heatmap has something to draw (not MNIST, not bars and stripes). */
  let planeData = true;
  const pacer = new RedrawPacer();
  const paceNote = el('div', { class: 'muted', 'data-testid': 'pace-note' });
  const showPace = (playingNow: boolean): void => {
    paceNote.textContent =
      playingNow && pacer.skipping > 0
        ? `Slow frames (${Math.round(pacer.lastCostMs)} ms): the output, network and layer plots redraw on 1 frame in ${pacer.skipping + 1}; training goes on.`
        : '';
  };
  const runPicker = el('select', { 'data-testid': 'shown-run', 'aria-label': 'run the views show' });
  runPicker.addEventListener('change', () => send({ type: 'show', run: Number(runPicker.value) }));
  const pickerField = el(
    'label',
    { class: 'field run-picker', hidden: true },
    el('span', { class: 'field-label' }, 'Views show'),
    runPicker,
  );
  const summary = el('div', { class: 'summary', 'data-testid': 'summary' });
  const trainLoss = el('span', { 'data-testid': 'train-loss' }, '—');
  const testLoss = el('span', { 'data-testid': 'test-loss' }, '—');
  const testAcc = el('span', { 'data-testid': 'test-accuracy' }, '—');
  const status = el('div', { class: 'status', role: 'alert', 'data-testid': 'status' });
  /** Said to screen readers when training starts, pauses or stops (not every frame). */
  const live = el('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'data-testid': 'live' });
  const announce = (): void => {
    live.textContent = `${playing ? 'training' : 'paused'} at step ${steps.textContent}, train loss ${trainLoss.textContent}, test accuracy ${testAcc.textContent}`;
  };
  const mainLabel = el('div', { class: 'muted main-run', 'data-testid': 'main-run' });
  summary.append(
    el('span', {}, 'train loss '),
    trainLoss,
    el('span', {}, ' · test loss '),
    testLoss,
    el('span', {}, ' · test accuracy '),
    testAcc,
  );

  const play = (): void => {
    playing = true;
    playBtn.textContent = 'Pause';
    send({ type: 'play' });
    announce();
  };
  const pause = (): void => {
    playing = false;
    playBtn.textContent = 'Play';
    send({ type: 'pause' });
    announce();
  };
  const reset = (): void => {
    histories = [];
    status.textContent = 'building…';
    root.dataset.ready = 'false';
    const scenario = store.state.scenario ? findScenario(store.state.scenario) : undefined;
    send({
      type: 'init',
      runs: runSpecs(store.state),
      generation: ++generation,
      ...(scenario ? { stopAt: scenario.steps } : {}),
    });
    if (playing) send({ type: 'play' });
  };
  const speed = selectInput(
    [
      ['20', 'slow'],
      ['200', 'normal'],
      ['2000', 'fast'],
      ['Infinity', 'max'],
    ],
    '200',
    (v) => send({ type: 'speed', stepsPerSecond: Number(v) }),
    'speed',
  );
  const playBtn = button('Play', () => (playing ? pause() : play()), { class: 'primary', 'data-testid': 'play' });
  const stepBtn = button('Step', () => send({ type: 'step', steps: 1 }), { 'data-testid': 'step' });

  const scenarios = new ScenarioPanel(store, play);
  const tourStart = button('take the tour', () => scenarios.tour(0), { class: 'link', 'data-testid': 'tour-start' });
  const dataPanel = new DataPanel(store);
  const backendPanel = new BackendPanel(store);
  const network = new NetworkPanel(store, registry);
  const files = new FilesPanel({
    exportModel: () => send({ type: 'export-model' }),
    importModel: (text) => send({ type: 'import-model', text }),
    exportOnnx: (softmax) => send({ type: 'export-onnx', softmax }),
    importOnnx: (bytes) => worker.postMessage({ type: 'import-onnx', bytes } satisfies ToWorker, [bytes.buffer]),
    exportCsv: () => download('rectify-loss-history.csv', historyCsv(histories), 'text/csv'),
    shareLink: () => `${location.origin}${location.pathname}${encodeState(store.state)}`,
  });
  const showTest = el('input', { type: 'checkbox', checked: true, 'data-testid': 'show-test' });
  showTest.addEventListener('change', () => {
    heatmap.setShowTest(showTest.checked);
    // Paused, no frame comes: draw the last one again.
    if (planeData) heatmap.draw(lastVisuals);
  });

  const toolbar = el(
    'header',
    { class: 'toolbar' },
    el('h1', {}, 'Rectify playground'),
    el(
      'p',
      { class: 'invite', 'data-testid': 'invite' },
      'Watch ReLU units learn, die and come back: press Play, or start with a scenario (',
      tourStart,
      ').',
    ),
    playBtn,
    stepBtn,
    button('Reset', reset, { 'data-testid': 'reset' }),
    field('speed', speed),
    el('span', { class: 'steps' }, 'step ', steps, ' ', rate, ' ', stopNote),
    summary,
    status,
  );
  const left = el('div', { class: 'col left' }, dataPanel.root, new TrainingPanel(store).root, backendPanel.root);
  const middle = el(
    'div',
    { class: 'col middle' },
    mainLabel,
    pickerField,
    network.root,
    featureMaps.root,
    el('section', { class: 'panel' }, el('h2', {}, 'Per layer, live'), stats.root),
    scenarios.root,
  );
  const right = el(
    'div',
    { class: 'col right' },
    el(
      'section',
      { class: 'panel output-panel' },
      el('h2', {}, 'Output'),
      heatmap.root,
      digits.root,
      el('label', { class: 'check' }, showTest, ' show test points'),
      el('div', { class: 'muted', 'data-testid': 'output-note' }),
      paceNote,
    ),
    el('section', { class: 'panel charts-panel' }, loss.canvas, acc.canvas, toggles.root, compare.root),
    new ComparePanel(store, registry).root,
    files.root,
  );
  root.append(
    toolbar,
    live,
    el('main', { class: 'grid' }, left, middle, right),
    new SequencePanel(store, registry).root,
    aboutSection((id) => scenarios.start(id)),
  );
  if (store.loadError) files.showError(`The link's state was not loaded: ${store.loadError}`);

  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'loading') dataPanel.showLoading(m.loaded, m.total, m.what);
    else if (m.type === 'ready') {
      if (m.generation !== generation) return;
      status.textContent = '';
      playBtn.disabled = false;
      stepBtn.disabled = false;
      histories = m.runs.map((r) => ({ label: r.label, points: [] }));
      runPicker.replaceChildren(
        ...m.runs.map((r, i) =>
          el('option', { value: String(i), ...(i === 0 ? { selected: true } : {}) }, `${i + 1}: ${r.label}`),
        ),
      );
      pickerField.hidden = m.runs.length < 2;
      toggles.setRuns(m.runs.map((r) => r.label));
      heatmap.setData(m.points, m.task);
      planeData = m.points !== null;
      backendPanel.showReport(m.runs[0]?.report ?? null);
      const note = root.querySelector('[data-testid="output-note"]');
      if (note)
        note.textContent = m.points
          ? ''
          : store.state.dataset.name === 'bars'
            ? 'Bars and stripes: images, not points of a plane; with conv stages, see inside shows what the network sees.'
            : 'MNIST: test digits with the guess of the network (green right, red wrong).';
    } else if (m.type === 'frame') {
      if (m.generation !== generation) {
        send({ type: 'ack' });
        return;
      }
      const firstOfModel = root.dataset.ready !== 'true';
      root.dataset.ready = 'true';
      backendPanel.showReport(m.report);
      lastRuns = m.runs;
      steps.textContent = String(m.steps);
      rate.textContent = m.playing ? `(${Math.round(m.stepsPerSecond)} steps/s)` : '';
      stopNote.textContent =
        m.stopAt === null
          ? ''
          : m.steps >= m.stopAt
            ? `stopped at the scenario's ${m.stopAt} steps; Play goes on`
            : `of ${m.stopAt}`;
      const stoppedItself = (m.stopAt !== null && m.steps >= m.stopAt) || m.runs.every((r) => r.diverged);
      if (!m.playing && playing && stoppedItself) {
        // The worker stopped by itself (the scenario's step count, or every run diverged).
        playing = false;
        setTimeout(announce, 0);
        playBtn.textContent = 'Play';
      }
      m.runs.forEach((r, i) => {
        const h = histories[i];
        if (h && (h.points.length === 0 || h.points[h.points.length - 1].step < r.metrics.step)) {
          h.points.push(r.metrics);
          // Keep curves cheap to draw on long runs: thin to every other point past the limit.
          if (h.points.length > MAX_POINTS) h.points = h.points.filter((_, k) => k % 2 === 0 || k === h.points.length - 1);
        }
      });
      const main = m.runs[m.shown] ?? m.runs[0];
      if (runPicker.value !== String(m.shown)) runPicker.value = String(m.shown);
      // The last frame before a pause and a new model's first frame are always drawn: no later frame would fix them.
      const heavy = pacer.shouldDraw(!m.playing || firstOfModel);
      const drawStart = performance.now();
      if (main) {
        trainLoss.textContent = fmt(main.metrics.trainLoss);
        testLoss.textContent = fmt(main.metrics.testLoss);
        testAcc.textContent = fmt(main.metrics.testAccuracy, true);
        if (heavy) {
          stats.draw(main.stats);
          network.update(main.stats, m.visuals, m.links);
        } else network.remember(m.visuals);
        status.textContent = main.diverged ?? '';
      }
      lastVisuals = m.visuals;
      if (heavy) {
        heatmap.root.hidden = !planeData;
        if (planeData) heatmap.draw(m.visuals);
        digits.draw(m.visuals?.digits);
        featureMaps.draw(m.visuals?.conv);
        // The next animation frame comes after the browser has painted this one: the cost includes the painting.
        requestAnimationFrame(() => {
          pacer.measured(performance.now() - drawStart);
          showPace(playing);
        });
      }
      showPace(m.playing);
      mainLabel.textContent =
        m.runs.length > 1
          ? `Network, per-layer and output views show run ${m.shown + 1} of ${m.runs.length}: ${main?.label ?? ''}`
          : '';
      shownRun = m.shown;
      drawCharts();
      compare.draw(lastRuns);
      send({ type: 'ack' });
    } else if (m.type === 'points') {
      heatmap.setData(m.points, m.task);
      planeData = m.points !== null;
    } else if (m.type === 'model') {
      download('rectify-model.json', m.text, 'application/json');
      files.showNote(`exported ${m.text.length} characters of model JSON`);
    } else if (m.type === 'onnx') {
      download(`${modelName(store.state)}.onnx`, m.bytes, 'application/octet-stream');
      files.showError(null);
      files.showNote(`exported ${m.bytes.length} bytes of ONNX`);
    } else if (m.type === 'imported') {
      histories = [{ label: m.label, points: [] }];
      showImported(m.network);
      files.showError(null);
      files.showNote('model imported; press Play to go on training it', m.notes);
    } else if (m.type === 'error') {
      if (m.during === 'import') files.showError(`Import failed: ${m.message}`);
      else if (m.during === 'export') files.showError(`Export failed: ${m.message}`);
      else status.textContent = m.message;
      if (m.during === 'train' || m.during === 'init') {
        // The worker has stopped already: no pause message, which would ask for a frame and could fail again.
        playing = false;
        playBtn.textContent = 'Play';
        if (m.during === 'init') {
          // Nothing to train until another build succeeds.
          root.dataset.ready = 'error';
          playBtn.disabled = true;
          stepBtn.disabled = true;
        }
      }
    }
  };

  /** Shows the imported model's architecture in the panels (and the link) without rebuilding it. */
  const showImported = (net: NetworkSpec): void => {
    try {
      const { scenario: _, ...rest } = store.state;
      store.set(validateState({ ...rest, network: net, compare: [] }), 'imported');
    } catch {
      // Wider than the page's controls allow: the per-layer table still shows every layer of the model.
    }
  };

  store.subscribe((s, kind) => {
    if (kind === 'live') send({ type: 'set-learning-rate', learningRate: s.training.learningRate });
    else if (kind === 'reset') {
      pause();
      reset();
    }
  });
  history.replaceState(null, '', encodeState(store.state));
  reset();
}
