// Every page, at desktop and phone (375 px) widths: a screenshot, no console errors, no
// sideways scrolling, every control labelled, every clickable thing a real button or
// link; the phone menu by keyboard; and the served HTML passes the CSP (no inline script
// or style, the policy header present).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, DESKTOP, PHONE, TEST_TIMEOUT, apiOk, assertClean, goto, launch, newContext, newPage, screenshot, signUp } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const PUBLIC_PAGES = [
  ['signin', '/'],
  ['signup', '/signup/'],
  ['signin-failed', '/signin-failed/?error=UNAUTHORIZED'],
  ['signup-failed', '/signup-failed/?error=CONFLICT'],
];
const APP_PAGES = [
  ['dashboard', '/app/'],
  ['projects', '/app/projects/'],
  ['tasks', '/app/tasks/'],
  ['notes', '/app/notes/'],
  ['account', '/app/account/'],
  ['admin', '/app/admin/'],
];

// Problems a person would notice: sideways scrolling, unlabelled controls, clickable
// elements that are not buttons or links, images without alt text.
function audit(page) {
  return page.evaluate(() => {
    const problems = [];
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 1) problems.push(`page is ${overflow}px wider than the viewport`);
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden' || !visible(el)) continue;
      const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (!named) problems.push(`unlabelled ${el.tagName.toLowerCase()}#${el.id || '?'}[name=${el.name}]`);
    }
    for (const el of document.querySelectorAll('[onclick], [role="button"], a:not([href])')) {
      problems.push(`not a real button or link: <${el.tagName.toLowerCase()} class="${el.className}">`);
    }
    for (const el of document.querySelectorAll('button')) {
      if (!visible(el)) continue;
      if (!(el.textContent.trim() || el.getAttribute('aria-label'))) problems.push(`button without a name: ${el.outerHTML.slice(0, 80)}`);
    }
    for (const el of document.querySelectorAll('img:not([alt])')) problems.push(`img without alt: ${el.src}`);
    return problems;
  });
}

async function visit(page, name, url, width) {
  await goto(page, url);
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await screenshot(page, `${name}-${width}`);
  assert.deepEqual(await audit(page), [], `${name} at ${width}px`);
}

test('every page at desktop and phone width: screenshot, no console errors, no sideways scroll, labelled controls', { timeout: TEST_TIMEOUT * 2 }, async () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const context = await newContext(browser, { viewport });
    try {
      const page = await newPage(context);
      for (const [name, url] of PUBLIC_PAGES) await visit(page, name, url, viewport.width);
      await signUp(page);
      // Some content, so lists and the chart are not all empty states.
      const project = await apiOk(page, 'POST', 'projects', { title: 'Website redesign', description: 'New look for the marketing site' });
      await apiOk(page, 'POST', 'projects', { title: 'Internal tools' });
      const end = new Date(Date.now() - 5 * 60000);
      await apiOk(page, 'POST', 'time-entries', { project_id: project.id, description: 'Design review', start_time: new Date(end.getTime() - 95 * 60000).toISOString(), end_time: end.toISOString() });
      for (let i = 0; i < 6; i++) {
        await apiOk(page, 'POST', 'tasks', { title: `Prepare launch checklist item ${i + 1}`, priority: ['high', 'medium', 'low'][i % 3], status: ['active', 'draft'][i % 2], due_date: `2027-01-0${i + 1}`, project_id: i % 2 ? project.id : undefined });
        await apiOk(page, 'POST', 'dashboard/metrics', { metric_type: 'page_views', metric_value: 40 + i * 7, recorded_at: new Date(Date.now() - i * 86400000).toISOString() });
      }
      await apiOk(page, 'POST', 'notes', { title: 'Ideas for the offsite', body: 'Boat trip?\nA long walk', pinned: true });
      for (const [name, url] of APP_PAGES) await visit(page, name, url, viewport.width);
      assertClean(page);
    } finally {
      await context.close();
    }
  }
});

test('keyboard: skip link first, the phone menu opens and closes from the keyboard', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser, { viewport: PHONE });
  try {
    const page = await newPage(context);
    await signUp(page);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const toggle = page.getByRole('button', { name: 'Menu' });
    assert.equal(await toggle.evaluate((el) => el === document.activeElement), true, 'Menu is the next stop after the brand');
    assert.equal(await page.locator('#main-nav').isVisible(), false);
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.locator('#main-nav').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Dashboard');
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#main-nav').isVisible(), false);
    await screenshot(page, 'dashboard-phone-menu');
    assertClean(page);
  } finally {
    await context.close();
  }
});

test('served HTML has no inline script or style and carries the CSP', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    for (const [, url] of [...PUBLIC_PAGES, ...APP_PAGES]) {
      const res = await context.request.get(`${BASE}${url}`);
      assert.equal(res.status(), 200, url);
      const csp = res.headers()['content-security-policy'] || '';
      assert.match(csp, /script-src 'self'/, `${url} CSP`);
      assert.match(csp, /style-src 'self'/, `${url} CSP`);
      const html = await res.text();
      assert.doesNotMatch(html, /<style[\s>]/i, `${url}: <style>`);
      assert.doesNotMatch(html, /\sstyle\s*=/i, `${url}: style=`);
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${url}: inline event handler`);
      for (const tag of html.match(/<script\b[^>]*>/gi) || []) assert.match(tag, /\ssrc=/, `${url}: inline <script>`);
    }
    // The chart library is published; node_modules need not be.
    const chart = await context.request.get(`${BASE}/vendor/chart.umd.min.js`);
    assert.equal(chart.status(), 200);
  } finally {
    await context.close();
  }
});
