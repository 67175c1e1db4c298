/*
 * Chart.js, for the statistics page alone: that page imports this module on demand, so it is a chunk of its
 * own and no other page loads it. It imports nothing of the console's, which would otherwise be split into a
 * chunk shared with the main bundle.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

// Only what a bar chart needs is registered, so the chunk carries no other chart types, scales or plugins.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Nine colours told apart also by most colour-blind readers (Okabe–Ito, and two more). */
const palette = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  '#6a3d9a',
  '#7f7f7f',
];

export interface StackedBars {
  /** One bar per label, each stacked from the series. */
  labels: readonly string[];
  series: readonly { label: string; values: readonly number[] }[];
  /** Bars across the page instead of up it: long names (institutions) stay readable. */
  horizontal?: boolean;
}

/**
 * Draws a stacked bar chart on a canvas that is alone in a box of its own, which Chart.js sizes it to. The
 * console's content security policy allows no inline style: Chart.js sets styles through the CSSOM, which the
 * policy allows, and needs no eval.
 */
export function drawStackedBars(canvas: HTMLCanvasElement, bars: StackedBars): void {
  // The console's own fonts, which include Chinese ones, for the labels drawn on the canvas.
  const font = getComputedStyle(document.documentElement).fontFamily;
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [...bars.labels],
      datasets: bars.series.map((series, index) => ({
        label: series.label,
        data: [...series.values],
        backgroundColor: palette[index % palette.length],
        // A single year or institution would otherwise be one bar across the whole chart.
        maxBarThickness: 64,
      })),
    },
    options: {
      indexAxis: bars.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      // Figures to read, not to watch grow.
      animation: false,
      font: { family: font },
      scales: {
        x: { stacked: true, ...(bars.horizontal ? { ticks: { precision: 0 } } : {}) },
        y: { stacked: true, ...(bars.horizontal ? {} : { ticks: { precision: 0 } }) },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

/**
 * Chart.js keeps every chart in a registry until it is destroyed, and a page left behind leaves its charts
 * detached: the statistics page releases those before it draws its own.
 */
export function releaseDetachedCharts(): void {
  for (const chart of Object.values(Chart.instances)) {
    if (!chart.canvas.isConnected) chart.destroy();
  }
}
