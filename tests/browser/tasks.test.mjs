// Tasks: 25 tasks filtered (status, priority, due date, search), sorted and paginated;
// one created, edited inline, completed and deleted through the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_TIMEOUT, apiOk, assertClean, confirm, goto, launch, newContext, newPage, ready, screenshot, signUp } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const STATUSES = ['draft', 'active', 'archived'];
const PRIORITIES = ['low', 'medium', 'high', 'high', 'medium'];

// Task i: "Task 01".."Task 25", status by i % 3, priority by i % 5, due 2027-01-(i).
function taskSpec(i) {
  return {
    title: `Task ${String(i).padStart(2, '0')}`,
    status: STATUSES[i % 3],
    priority: PRIORITIES[i % 5],
    due_date: `2027-01-${String(i).padStart(2, '0')}`,
  };
}
const ALL = Array.from({ length: 25 }, (_, k) => taskSpec(k + 1));

function filters(page) {
  return page.locator('#task-filters');
}

async function titles(page) {
  return page.locator('#tasks-table tbody .task-title').allTextContents();
}

// Applies a filter change and waits for the list request it causes (and its rendering).
async function listAfter(page, action) {
  const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/tasks' && r.request().method() === 'GET');
  await action();
  const r = await res;
  assert.equal(r.status(), 200, `GET tasks answered ${r.status()}`);
  await page.waitForFunction(() => !document.querySelector('#tasks')?.hasAttribute('aria-busy'));
  return new URL(r.url()).searchParams;
}

test('25 tasks: filter by status, priority and due date, search, sort, page 2', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page);
    for (const t of ALL) await apiOk(page, 'POST', 'tasks', t);

    await goto(page, '/app/tasks/');
    assert.equal(await page.locator('#task-count').textContent(), '25 tasks');
    assert.equal(await page.locator('#tasks-table tbody tr').count(), 10);
    // Newest first by default.
    assert.deepEqual((await titles(page)).slice(0, 2), ['Task 25', 'Task 24']);

    // Page 2 and 3.
    let q = await listAfter(page, () => page.getByRole('button', { name: 'Next →' }).click());
    assert.equal(q.get('page'), '2');
    assert.deepEqual(await titles(page), ALL.slice(5, 15).reverse().map((t) => t.title));
    assert.match(await page.locator('[data-page-info]').textContent(), /11–20 of 25 tasks · page 2 of 3/);
    assert.match(page.url(), /[?&]page=2/);
    await screenshot(page, 'tasks-page-2');
    await listAfter(page, () => page.getByRole('button', { name: 'Next →' }).click());
    assert.equal(await page.locator('#tasks-table tbody tr').count(), 5);
    assert.equal(await page.getByRole('button', { name: 'Next →' }).isDisabled(), true);

    // Status filter (back to page 1).
    q = await listAfter(page, () => filters(page).getByLabel('Status').selectOption('draft'));
    assert.equal(q.get('status'), 'draft');
    assert.equal(q.get('page'), '1');
    const drafts = ALL.filter((t) => t.status === 'draft');
    assert.equal(await page.locator('#task-count').textContent(), `${drafts.length} tasks`);
    assert.deepEqual(new Set(await page.locator('#tasks-table tbody td[data-label="Status"]').allTextContents()), new Set(['Draft']));

    // + priority high, sorted by title A–Z.
    await listAfter(page, () => filters(page).getByLabel('Priority').selectOption('high'));
    q = await listAfter(page, () => filters(page).getByLabel('Sort by').selectOption('title'));
    assert.equal(q.get('sort'), 'title');
    const draftHigh = drafts.filter((t) => t.priority === 'high').map((t) => t.title).sort();
    assert.ok(draftHigh.length > 0);
    assert.deepEqual(await titles(page), draftHigh);

    // Clear, then a due-date window, sorted by due date.
    await listAfter(page, () => page.getByRole('button', { name: 'Clear filters' }).click());
    assert.equal(await page.locator('#task-count').textContent(), '25 tasks');
    await listAfter(page, () => filters(page).getByLabel('Due from').fill('2027-01-10'));
    await listAfter(page, () => filters(page).getByLabel('Due until').fill('2027-01-14'));
    q = await listAfter(page, () => filters(page).getByLabel('Sort by').selectOption('due_date'));
    assert.equal(q.get('due_date_gte'), '2027-01-10');
    assert.equal(q.get('due_date_lte'), '2027-01-14');
    assert.deepEqual(await titles(page), ['Task 10', 'Task 11', 'Task 12', 'Task 13', 'Task 14']);

    // Priority, highest first: every high before every medium before every low.
    await listAfter(page, () => page.getByRole('button', { name: 'Clear filters' }).click());
    await listAfter(page, () => filters(page).getByLabel('Per page').selectOption('50'));
    await listAfter(page, () => filters(page).getByLabel('Sort by').selectOption('-priority'));
    const prios = await page.locator('#tasks-table tbody td[data-label="Priority"]').allTextContents();
    assert.equal(prios.length, 25);
    const rank = { High: 3, Medium: 2, Low: 1 };
    for (let i = 1; i < prios.length; i++) assert.ok(rank[prios[i - 1]] >= rank[prios[i]], `priority order at ${i}: ${prios}`);

    // Search.
    await listAfter(page, () => filters(page).getByLabel('Search').fill('task 2'));
    assert.deepEqual((await titles(page)).sort(), ['Task 20', 'Task 21', 'Task 22', 'Task 23', 'Task 24', 'Task 25']);

    // Filters survive a reload (they live in the URL).
    await page.reload();
    await ready(page);
    assert.equal(await filters(page).getByLabel('Search').inputValue(), 'task 2');
    assert.equal(await page.locator('#tasks-table tbody tr').count(), 6);
    assertClean(page);
  } finally {
    await context.close();
  }
});

test('a task is created, edited inline, completed and deleted', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(browser);
  try {
    const page = await newPage(context);
    await signUp(page);
    await apiOk(page, 'POST', 'projects', { title: 'Launch' });
    await goto(page, '/app/tasks/');
    assert.match(await page.locator('#tasks').textContent(), /No tasks yet/);

    // An empty title is refused beside the Title field.
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.locator('#task-title[aria-invalid="true"]').waitFor();
    assert.ok((await page.locator('#task-form .field-error').first().textContent()).length > 0);

    const form = page.locator('#task-form');
    await form.getByLabel('Title').fill('Write the release notes');
    await form.getByLabel('Priority').selectOption('high');
    await form.getByLabel('Due date').fill('2027-02-01');
    await form.getByLabel('Project').selectOption({ label: 'Launch' });
    await listAfter(page, () => form.getByRole('button', { name: 'Add task' }).click());
    const row = page.locator('#tasks-table tbody tr', { hasText: 'Write the release notes' });
    await row.waitFor();
    assert.equal(await row.locator('td[data-label="Priority"]').textContent(), 'High');
    assert.equal(await row.locator('td[data-label="Project"]').textContent(), 'Launch');
    await screenshot(page, 'tasks');

    // Inline edit: title and status; Escape would cancel, Save keeps.
    await row.getByRole('button', { name: /^Edit/ }).click();
    const editing = page.locator('#tasks-table tr.is-editing');
    await editing.getByLabel('Title').fill('Publish the release notes');
    await editing.getByLabel('Status').selectOption('draft');
    await editing.getByRole('button', { name: 'Save' }).click();
    const edited = page.locator('#tasks-table tbody tr', { hasText: 'Publish the release notes' });
    await edited.waitFor();
    assert.equal(await edited.locator('td[data-label="Status"]').textContent(), 'Draft');

    // An empty title in the inline editor is refused beside it.
    await edited.getByRole('button', { name: /^Edit/ }).click();
    await editing.getByLabel('Title').fill('   ');
    await editing.getByRole('button', { name: 'Save' }).click();
    await editing.locator('.field-error').waitFor();
    await editing.getByLabel('Title').press('Escape');
    await edited.waitFor();

    // Complete it; the state survives a reload.
    await edited.getByRole('checkbox').check();
    await page.locator('#tasks-table tbody tr .task-title.strike').waitFor();
    await page.reload();
    await ready(page);
    assert.equal(await page.locator('#tasks-table tbody tr').getByRole('checkbox').isChecked(), true);

    await page.locator('#tasks-table tbody tr').getByRole('button', { name: /^Delete/ }).click();
    await confirm(page, 'Delete task');
    await page.locator('#tasks .empty').waitFor();
    assertClean(page);
  } finally {
    await context.close();
  }
});
