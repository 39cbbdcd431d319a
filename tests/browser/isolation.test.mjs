// Two users in two browsers: neither ever sees the other's projects, entries, tasks or
// metrics, in the pages or through the API (another user's id is a 404).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_TIMEOUT, apiCall, apiOk, assertClean, goto, launch, newContext, newPage, signUp } from './lib/harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a user never sees another user\'s data', { timeout: TEST_TIMEOUT }, async () => {
  const a = await newContext(browser);
  const b = await newContext(browser);
  try {
    const pa = await newPage(a);
    await signUp(pa, { name: 'Alice' });
    const project = await apiOk(pa, 'POST', 'projects', { title: 'Alice secret project' });
    const task = await apiOk(pa, 'POST', 'tasks', { title: 'Alice secret task', project_id: project.id });
    const end = new Date(Date.now() - 60000);
    const entry = await apiOk(pa, 'POST', 'time-entries', {
      project_id: project.id,
      description: 'Alice secret entry',
      start_time: new Date(end.getTime() - 30 * 60000).toISOString(),
      end_time: end.toISOString(),
    });
    await apiOk(pa, 'POST', 'dashboard/metrics', { metric_type: 'alice_secret_metric', metric_value: 7 });

    const pb = await newPage(b);
    await signUp(pb, { name: 'Bob' });
    for (const path of ['/app/', '/app/projects/', '/app/tasks/']) {
      await goto(pb, path);
      await pb.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
      const text = await pb.locator('main').textContent();
      assert.doesNotMatch(text, /Alice secret|alice_secret/, `${path} shows nothing of Alice's`);
    }
    assert.match(await pb.locator('#tasks').textContent(), /No tasks yet/);

    // Direct requests for Alice's objects: 404, never 403 (existence is not revealed).
    for (const path of [`projects/${project.id}`, `tasks/${task.id}`, `time-entries/${entry.id}`]) {
      assert.equal((await apiCall(pb, 'GET', path)).status, 404, `GET ${path}`);
      assert.equal((await apiCall(pb, 'PATCH', path, { description: 'Bob was here' })).status, 404, `PATCH ${path}`);
      assert.equal((await apiCall(pb, 'DELETE', path)).status, 404, `DELETE ${path}`);
    }
    // Bob cannot file time against Alice's project either.
    const cross = await apiCall(pb, 'POST', 'time-entries', { project_id: project.id, start_time: '2026-01-05T09:00:00Z', end_time: '2026-01-05T10:00:00Z' });
    assert.ok([400, 404].includes(cross.status), `cross-user entry → ${cross.status}`);
    const listed = await apiOk(pb, 'GET', 'dashboard/metrics');
    assert.equal(listed.length, 0);

    // Alice still has everything.
    assert.equal((await apiCall(pa, 'GET', `tasks/${task.id}`)).body.data.title, 'Alice secret task');
    assertClean(pa);
    assertClean(pb);
  } finally {
    await a.close();
    await b.close();
  }
});
