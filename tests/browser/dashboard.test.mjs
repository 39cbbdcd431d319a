// The dashboard: recording engagement metrics (the form and the API) puts points on the
// chart, per bucket (hour / day / week), and the summary follows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_TIMEOUT, apiOk, assertClean, goto, launch, newContext, newPage, screenshot, signUp } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const DAY = 86400000;

// Noon UTC `k` days before today (UTC), plus `minutes`.
function pastNoon(k, minutes = 0) {
  const d = new Date();
  d.setUTCHours(12, minutes, 0, 0);
  return new Date(d.getTime() - k * DAY);
}

// Monday 00:00 UTC of the ISO week of d, as a key.
function isoWeek(d) {
  const s = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  s.setUTCDate(s.getUTCDate() - ((s.getUTCDay() + 6) % 7));
  return s.toISOString();
}

// The points the chart draws now (Chart.js's own data), waiting for `expected` if given.
async function chartPoints(page, expected) {
  if (expected !== undefined) {
    await page.waitForFunction((n) => document.querySelector('#metrics-chart')?.dataset.points === String(n), expected);
  }
  return page.evaluate(() => {
    const canvas = document.querySelector('#metrics-chart');
    const chart = window.Chart && window.Chart.getChart(canvas);
    // Buckets without data are null (gaps in the line); the points are the others.
    return chart ? chart.data.datasets[0].data.filter((v) => v !== null) : null;
  });
}

// Changes a chart control and waits for the summary request it triggers.
async function setControl(page, label, value) {
  const response = page.waitForResponse((r) => r.url().includes('/api/v1/dashboard/metrics/summary'));
  await page.getByLabel(label, { exact: true }).selectOption(value);
  const r = await response;
  assert.equal(r.status(), 200, `summary answered ${r.status()}`);
  return new URL(r.url()).searchParams;
}

test('recorded metrics show as points on the chart for each bucket', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page);
    assert.match(await page.locator('#chart-status').textContent(), /Nothing to chart|No data/i);

    // The form: a missing value is reported beside the value field.
    await page.getByLabel('Metric type').fill('signups');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.locator('#metric-value[aria-invalid="true"]').waitFor();
    assert.ok(await page.locator('#metric-form .field-error').count() >= 1);

    // A good value through the form: the chart gets its first point.
    await page.getByLabel('Value', { exact: true }).fill('3');
    const posted = page.waitForResponse((r) => r.url().endsWith('/api/v1/dashboard/metrics') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Record' }).click();
    assert.equal((await posted).status(), 201);
    assert.deepEqual(await chartPoints(page, 1), [3]);

    // More points through the API with the page's cookies: two in one hour, then other days.
    const times = [pastNoon(1), pastNoon(1, 30), pastNoon(2), pastNoon(3), pastNoon(5)];
    const values = [10, 20, 30, 40, 50];
    for (let i = 0; i < times.length; i++) {
      await apiOk(page, 'POST', 'dashboard/metrics', { metric_type: 'page_views', metric_value: values[i], recorded_at: times[i].toISOString() });
    }
    await goto(page, '/app/');
    let q = await setControl(page, 'Metric', 'page_views');
    assert.equal(q.get('metric_type'), 'page_views');
    assert.equal(q.get('bucket'), 'day');
    assert.equal(await page.getByLabel('Show', { exact: true }).inputValue(), 'avg');
    // Four days, averaged: (10+20)/2, 30, 40, 50, oldest first.
    assert.deepEqual(await chartPoints(page, 4), [50, 40, 30, 15]);
    assert.equal(await page.locator('#chart-table tbody tr').count(), 4);
    // The x axis has every day from the first to the last (day 4 is a gap).
    assert.equal(await page.evaluate(() => window.Chart.getChart(document.querySelector('#metrics-chart')).data.labels.length), 5);
    await screenshot(page, 'dashboard-chart');

    q = await setControl(page, 'Show', 'count');
    assert.deepEqual(await chartPoints(page, 4), [1, 1, 1, 2]);

    // Hourly buckets over the last 7 days: the two points of one hour share a bucket.
    q = await setControl(page, 'Bucket', 'hour');
    assert.equal(q.get('bucket'), 'hour');
    await setControl(page, 'Range', '7');
    assert.deepEqual(await chartPoints(page, 4), [1, 1, 1, 2]);

    // Weekly buckets: as many points as distinct ISO weeks.
    q = await setControl(page, 'Bucket', 'week');
    assert.equal(q.get('bucket'), 'week');
    await setControl(page, 'Range', '30');
    const weeks = new Set(times.map(isoWeek));
    const points = await chartPoints(page, weeks.size);
    assert.equal(points.reduce((a, b) => a + b, 0), times.length, 'every point counted once');

    // The summary shows both metric types with their latest values.
    assert.equal(await page.locator('[data-stat="metrics"] .stat-value').textContent(), '2');
    assert.match(await page.locator('#latest-metrics').textContent(), /page_views/);
    assertClean(page);
  } finally {
    await context.close();
  }
});

test('the summary counts tasks, projects and this week\'s minutes', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page);
    const project = await apiOk(page, 'POST', 'projects', { title: 'Summary project' });
    for (const status of ['active', 'active', 'draft', 'archived']) {
      await apiOk(page, 'POST', 'tasks', { title: `Task ${status}`, status });
    }
    // 50 minutes that started a minute ago minus 50: always inside this ISO week unless
    // the test runs in the first hour of a Monday (UTC), when the entry is skipped.
    const end = new Date(Date.now() - 60000);
    const start = new Date(end.getTime() - 50 * 60000);
    const thisWeek = isoWeek(start) === isoWeek(new Date());
    if (thisWeek) {
      await apiOk(page, 'POST', 'time-entries', { project_id: project.id, start_time: start.toISOString(), end_time: end.toISOString() });
    }
    await goto(page, '/app/');
    assert.equal(await page.locator('[data-stat="tasks"] .stat-value').textContent(), '2');
    assert.match(await page.locator('[data-stat="tasks"] .stat-note').textContent(), /4 in all · 1 draft · 1 archived/);
    assert.equal(await page.locator('[data-stat="projects"] .stat-value').textContent(), '1');
    if (thisWeek) assert.equal(await page.locator('[data-stat="minutes"] .stat-value').textContent(), '50 min');
    assertClean(page);
  } finally {
    await context.close();
  }
});
