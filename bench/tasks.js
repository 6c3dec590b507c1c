/**
 * Bench phase "tasks": the agency task suite (test/tasks/agency.mjs) against the built bin in demo mode — per
 * task: calls, tokens read by the model (o200k), wall time, and whether the answer matched the simulator.
 */
import { startAgent } from "../test/tasks/agent.mjs";
import { TASKS } from "../test/tasks/agency.mjs";

export async function benchTasks({ bin, log = () => {} }) {
  const rows = [];
  for (const task of TASKS) {
    log(`tasks: ${task.name}`);
    const agent = await startAgent({ bin, env: task.env });
    let ok = true;
    let error;
    try {
      await task.check(await task.run(agent), agent);
    } catch (err) {
      ok = false;
      error = String(err?.message ?? err).slice(0, 200);
    }
    const stats = agent.finish();
    await agent.close();
    rows.push({ task: task.name, calls: stats.calls, tokens: stats.tokens, wallMs: stats.ms, ok, ...(error ? { error } : {}) });
  }
  return rows;
}

export function printTasks(rows) {
  const w = Math.max(...rows.map((r) => r.task.length));
  const line = (t, c, k, ms, ok) => `${t.padEnd(w)}  ${String(c).padStart(5)}  ${String(k).padStart(7)}  ${String(ms).padStart(7)}  ${ok}`;
  const total = rows.reduce((a, r) => ({ calls: a.calls + r.calls, tokens: a.tokens + r.tokens, ms: a.ms + r.wallMs }), { calls: 0, tokens: 0, ms: 0 });
  process.stdout.write(
    `\nagency tasks (built server, --demo, jobs 300 ms)\n` +
      [line("task", "calls", "tokens", "wall ms", "answer"), line("-".repeat(w), "-----", "------", "-------", "------"),
        ...rows.map((r) => line(r.task, r.calls, r.tokens, r.wallMs, r.ok ? "ok" : `WRONG ${r.error}`)),
        line("total", total.calls, total.tokens, total.ms, "")].join("\n") + "\n",
  );
}
