/** The agency task suite: scripted agents against the built server (dist/cli.js --demo) over stdio. */
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM shared with bench/tasks.js
import { startAgent } from "./agent.mjs";
// @ts-expect-error plain ESM shared with bench/tasks.js
import { TASKS } from "./agency.mjs";

describe("agency tasks over MCP (built server, demo mode)", () => {
  it("has at least 12 tasks", () => {
    expect(TASKS.length).toBeGreaterThanOrEqual(12);
  });

  for (const task of TASKS as { name: string; env?: Record<string, string>; run: (a: unknown) => Promise<unknown>; check: (x: unknown, a: unknown) => Promise<void> }[]) {
    it(task.name, { timeout: 120_000 }, async () => {
      const agent = await startAgent({ env: task.env });
      try {
        const answer = await task.run(agent);
        await task.check(answer, agent);
        expect(agent.finish().calls).toBeGreaterThan(0);
      } finally {
        await agent.close();
      }
    });
  }
});
