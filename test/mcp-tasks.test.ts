/** MCP tasks (2025-11-25) on the long-running tools, with the SDK's own client: task path and ordinary path. */
import { configFor } from "./support/http.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallToolResultSchema, TaskStatusNotificationSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";
import { data, startHarness, type Harness } from "./harness.js";

let sim: Simulator;
let h: Harness;
const statuses: string[] = [];

beforeAll(async () => {
  sim = await startSimulator();
  h = await startHarness({ sim, toolsets: "default", clientCapabilities: { tasks: { list: {}, cancel: {} } }, jobTiming: { firstPollMs: 30, maxPollMs: 100 } });
  h.client.setNotificationHandler(TaskStatusNotificationSchema, (n) => {
    statuses.push(`${n.params.taskId}:${n.params.status}`);
  });
});
afterAll(async () => {
  await h.close();
  await sim.stop();
});

async function runAsTask(name: string, args: Record<string, unknown>) {
  const seen: { type: string; taskId?: string; status?: string; result?: CallToolResult }[] = [];
  const stream = h.client.experimental.tasks.callToolStream({ name, arguments: args }, CallToolResultSchema, { task: { ttl: 60_000 } });
  for await (const message of stream) {
    if (message.type === "taskCreated") seen.push({ type: message.type, taskId: message.task.taskId, status: message.task.status });
    else if (message.type === "taskStatus") seen.push({ type: message.type, taskId: message.task.taskId, status: message.task.status });
    else if (message.type === "result") seen.push({ type: "result", result: message.result as CallToolResult });
    else throw new Error(`task failed: ${JSON.stringify(message)}`);
  }
  return seen;
}

describe("MCP tasks", () => {
  it("declares the capability and marks the four tools taskSupport optional", async () => {
    expect(h.client.getServerCapabilities()?.tasks).toMatchObject({ cancel: {}, requests: { tools: { call: {} } } });
    const tools = (await h.client.listTools()).tools;
    const optional = tools.filter((t) => t.execution?.taskSupport === "optional").map((t) => t.name).sort();
    expect(optional).toEqual(["list_pending_updates", "run_bulk_tool", "run_code", "run_site_command"]);
  });

  it("runs run_code as a task whose id is the CaptainCore job token, and returns the output through tasks/result", async () => {
    jobsControl(sim.state).next({ durationMs: 600, output: "6.7.1\n" });
    const seen = await runAsTask("run_code", { code: "wp core version", environments: [1] });
    const created = seen[0]!;
    expect(created).toMatchObject({ type: "taskCreated", status: "working" });
    expect(jobsControl(sim.state).jobs.has(created.taskId!)).toBe(true);
    const result = seen.at(-1)!.result!;
    expect((result.structuredContent as any).output).toContain("6.7.1");
    expect((result.structuredContent as any).status).toBe("completed");
    expect(statuses).toContain(`${created.taskId}:completed`);
    const job = data(await h.call("get_job", { token: created.taskId }));
    expect(job.status).toBe("completed");
  });

  it("runs run_site_command as a task that ends with the job, not with a handle", async () => {
    jobsControl(sim.state).next({ durationMs: 1_200, output: "backed up\n" });
    const seen = await runAsTask("run_site_command", { site_id: 1, command: "backup" });
    expect((seen.at(-1)!.result!.structuredContent as any)).toMatchObject({ status: "completed", finished: true });
  });

  it("runs list_pending_updates as a task", async () => {
    const seen = await runAsTask("list_pending_updates", { limit: 5 });
    expect((seen.at(-1)!.result!.structuredContent as any).checked_sites).toBe(sim.state.sites.length);
  });

  it("cancels the CaptainCore job on tasks/cancel", async () => {
    jobsControl(sim.state).next({ durationMs: 60_000, output: "never\n" });
    const created = (await h.client.request(
      { method: "tools/call", params: { name: "run_code", arguments: { code: "sleep 60", environments: [1] }, task: { ttl: 60_000 } } },
      (await import("@modelcontextprotocol/sdk/types.js")).CreateTaskResultSchema,
    )) as { task: { taskId: string } };
    const cancelled = await h.client.experimental.tasks.cancelTask(created.task.taskId);
    expect(cancelled.status).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 100));
    expect(jobsControl(sim.state).statusOf(jobsControl(sim.state).jobs.get(created.task.taskId)!)).toBe("cancelled");
    const listed = await h.client.experimental.tasks.listTasks();
    expect(listed.tasks.some((t) => t.taskId === created.task.taskId && t.status === "cancelled")).toBe(true);
  });

  it("refuses task augmentation on a tool without task support (-32601)", async () => {
    await expect(
      h.client.request(
        { method: "tools/call", params: { name: "list_sites", arguments: {}, task: {} } },
        (await import("@modelcontextprotocol/sdk/types.js")).CreateTaskResultSchema,
      ),
    ).rejects.toMatchObject({ code: -32601 });
  });

  it("keeps the ordinary bounded wait for calls without task", async () => {
    jobsControl(sim.state).next({ durationMs: 100, output: "plain\n" });
    const out = data(await h.call("run_code", { code: "echo plain", environments: [1], wait_seconds: 5 }));
    expect(out).toMatchObject({ status: "completed", output: "plain\n" });
  });
});

describe("MCP tasks over stateless HTTP (a server per request)", () => {
  it("answers tasks/get and tasks/result from a later request", async () => {
    const { startHttpServer } = await import("../src/http/serve.js");
    const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const config = configFor(sim, "default");
    const http = await startHttpServer(config, { port: 0, env: {}, log: () => {} });
    const client = new Client({ name: "stateless", version: "1.0.0" });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
      jobsControl(sim.state).next({ durationMs: 300, output: "over http\n" });
      const stream = client.experimental.tasks.callToolStream({ name: "run_code", arguments: { code: "echo", environments: [1] } }, CallToolResultSchema, { task: { ttl: 60_000 } });
      let result: CallToolResult | undefined;
      for await (const message of stream) {
        if (message.type === "result") result = message.result as CallToolResult;
        if (message.type === "error") throw message.error;
      }
      expect((result!.structuredContent as any).output).toBe("over http\n");
    } finally {
      await client.close();
      await http.close();
    }
  });
});
