// The engagement chart: one line of a bucketed statistic over time, drawn by Chart.js
// (web/vendor/chart.umd.min.js, which defines window.Chart). The library is fetched the
// first time there is something to draw, not with the page: a dashboard with no metrics
// never loads its 200 KiB, and the page's first paint never waits for it. Colours come from the design tokens, so the chart follows the
// light/dark theme. Without Chart.js (not installed yet) the data table still shows.
import { formatNumber } from './dom.js';

function token(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

// Day and week buckets are UTC days (keel aggregates in UTC), so they are labelled in
// UTC too; hours are shown in local time.
const labelFormats = {
  hour: new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' }),
  day: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }),
  week: new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }),
};

export function bucketLabel(iso, bucket) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const text = (labelFormats[bucket] || labelFormats.day).format(d);
  return bucket === 'week' ? `Week of ${text}` : text;
}

const STEP_MS = { hour: 3600000, day: 86400000, week: 7 * 86400000 };

// keel returns only the buckets that have data; the chart shows every bucket from the
// first to the last, with null (a gap the line spans) where nothing was recorded, so
// the x axis keeps its scale.
export function withGaps(points, bucket) {
  const step = STEP_MS[bucket];
  if (!step || points.length < 2) return points;
  const byTime = new Map(points.map((p) => [new Date(p.t).getTime(), p.v]));
  const first = new Date(points[0].t).getTime();
  const last = new Date(points[points.length - 1].t).getTime();
  if ((last - first) / step > 2000) return points;
  const out = [];
  for (let t = first; t <= last; t += step) out.push({ t: new Date(t).toISOString(), v: byTime.has(t) ? byTime.get(t) : null });
  return out;
}

const LIBRARY_URL = '/vendor/chart.umd.min.js';
let libraryLoad = null;

// Resolves to whether Chart.js is there, adding its <script> once.
function loadLibrary() {
  if (typeof window.Chart === 'function') return Promise.resolve(true);
  if (!libraryLoad) {
    libraryLoad = new Promise((resolve) => {
      const script = document.createElement('script');
      script.src = LIBRARY_URL;
      script.async = true;
      script.onload = () => resolve(typeof window.Chart === 'function');
      script.onerror = () => {
        libraryLoad = null; // a later chart may try again
        resolve(false);
      };
      document.head.append(script);
    });
  }
  return libraryLoad;
}

export class MetricsChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.chart = null;
  }

  get available() {
    return typeof window.Chart === 'function';
  }

  // points: [{t: ISO string, v: number}] sorted by time, only buckets with data; label:
  // the dataset's name. Resolves once drawn (or once it is known that it cannot be).
  async update(points, { bucket, label }) {
    const series = withGaps(points, bucket);
    const labels = series.map((p) => bucketLabel(p.t, bucket));
    const values = series.map((p) => p.v);
    this.canvas.setAttribute(
      'aria-label',
      points.length
        ? `${label}: ${points.length} ${bucket} buckets with data, from ${labels[0]} to ${labels[labels.length - 1]}`
        : `${label}: no data`,
    );
    if ((points.length || this.chart) && (await loadLibrary())) this.draw(labels, values, label);
    // Set once drawn (or once there is nothing to draw it with): what tests wait for.
    this.canvas.dataset.points = String(points.length);
  }

  draw(labels, values, label) {
    if (this.chart) {
      this.chart.data.labels = labels;
      this.chart.data.datasets[0].data = values;
      this.chart.data.datasets[0].label = label;
      this.chart.update();
      return;
    }
    const text = token('--chart-text', '#5b6576');
    const grid = token('--chart-grid', 'rgba(0,0,0,0.08)');
    this.chart = new window.Chart(this.canvas, {
      type: 'line',
      data: {
        labels,
        datasets: [
          {
            label,
            data: values,
            borderColor: token('--chart-line', '#2f5bd3'),
            backgroundColor: token('--chart-fill', 'rgba(47,91,211,0.12)'),
            pointBackgroundColor: token('--chart-line', '#2f5bd3'),
            pointRadius: 3,
            pointHoverRadius: 5,
            borderWidth: 2,
            cubicInterpolationMode: 'monotone',
            fill: true,
            spanGaps: true,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? false : { duration: 250 },
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: { label: (ctx) => `${ctx.dataset.label}: ${formatNumber(ctx.parsed.y)}` },
          },
        },
        scales: {
          x: { grid: { display: false }, ticks: { color: text, maxRotation: 0, autoSkipPadding: 16 } },
          y: { beginAtZero: true, grid: { color: grid }, border: { display: false }, ticks: { color: text } },
        },
      },
    });
  }

  destroy() {
    if (this.chart) this.chart.destroy();
    this.chart = null;
  }
}
