/**
 * The MCP task store (the SDK's TaskStore interface, spec 2025-11-25 "Tasks"), one per CaptainCore site and user
 * and shared by the server instances of this process, so that stateless HTTP (a server per request) can answer
 * tasks/get for a task another request created. A task that follows a CaptainCore job takes the job token as its
 * taskId, so the same id works with get_job, wait_for_job and captaincore://jobs/{token}. Tasks created in a session
 * belong to it, live for their ttl (capped), and a cancel aborts the local work and cancels the CaptainCore job.
 */
import type { Request, RequestId, Result, Task } from "@modelcontextprotocol/sdk/types.js";
import type { CreateTaskOptions, TaskStore } from "@modelcontextprotocol/sdk/experimental/tasks/interfaces.js";
import { randomBytes } from "node:crypto";

export const DEFAULT_TTL_MS = 3600_000;
export const MAX_TTL_MS = 24 * 3600_000;
export const POLL_INTERVAL_MS = 1_500;
const PAGE_SIZE = 50;
/** Tasks kept per store; the oldest finished ones go first. */
const MAX_TASKS = 200;

const TERMINAL = new Set<Task["status"]>(["completed", "failed", "cancelled"]);
export const isTerminal = (status: Task["status"]) => TERMINAL.has(status);

interface Stored {
  task: Task;
  sessionId?: string;
  result?: Result;
  timer?: NodeJS.Timeout;
  /** Stops the work behind the task: the local wait, and the CaptainCore job when the task itself is cancelled. */
  onCancel?: (cancelJob: boolean) => void;
  /** The server instance whose session started it. */
  owner?: object;
}

const stores = new Map<string, JobTaskStore>();

/** The store of one CaptainCore site and user, shared by this process's server instances. */
export function taskStoreFor(config: { baseUrl: string; username: string }): JobTaskStore {
  const key = `${config.baseUrl}\n${config.username.toLowerCase()}`;
  let store = stores.get(key);
  if (!store) {
    store = new JobTaskStore();
    stores.set(key, store);
  }
  return store;
}

export class JobTaskStore implements TaskStore {
  private readonly tasks = new Map<string, Stored>();

  private lookup(taskId: string, sessionId?: string): Stored | undefined {
    const stored = this.tasks.get(taskId);
    if (stored && sessionId !== undefined && stored.sessionId !== undefined && stored.sessionId !== sessionId) return undefined;
    return stored;
  }

  private expireAfter(taskId: string, stored: Stored): void {
    clearTimeout(stored.timer);
    if (!stored.task.ttl) return;
    stored.timer = setTimeout(() => this.tasks.delete(taskId), stored.task.ttl);
    stored.timer.unref?.();
  }

  /** context.taskId (a job token) becomes the task id when it is free; otherwise a random id. */
  async createTask(params: CreateTaskOptions, _requestId: RequestId, _request: Request, sessionId?: string): Promise<Task> {
    const wanted = params.context?.taskId;
    const taskId = typeof wanted === "string" && !this.tasks.has(wanted) ? wanted : randomBytes(16).toString("hex");
    const now = new Date().toISOString();
    const ttl = Math.min(params.ttl ?? DEFAULT_TTL_MS, MAX_TTL_MS);
    const task: Task = { taskId, status: "working", ttl, createdAt: now, lastUpdatedAt: now, pollInterval: params.pollInterval ?? POLL_INTERVAL_MS };
    const statusMessage = params.context?.statusMessage;
    if (typeof statusMessage === "string") task.statusMessage = statusMessage;
    const stored: Stored = { task, sessionId };
    this.tasks.set(taskId, stored);
    this.trim();
    this.expireAfter(taskId, stored);
    return { ...task };
  }

  private trim(): void {
    for (const [id, stored] of this.tasks) {
      if (this.tasks.size <= MAX_TASKS) return;
      if (isTerminal(stored.task.status)) this.forget(id);
    }
  }

  private forget(taskId: string): void {
    clearTimeout(this.tasks.get(taskId)?.timer);
    this.tasks.delete(taskId);
  }

  /** What to do when the task is cancelled (tasks/cancel) or its session ends. */
  onCancel(taskId: string, stop: (cancelJob: boolean) => void, owner?: object): void {
    const stored = this.tasks.get(taskId);
    if (stored) Object.assign(stored, { onCancel: stop, owner });
  }

  async getTask(taskId: string, sessionId?: string): Promise<Task | null> {
    const stored = this.lookup(taskId, sessionId);
    return stored ? { ...stored.task } : null;
  }

  async storeTaskResult(taskId: string, status: "completed" | "failed", result: Result, sessionId?: string): Promise<void> {
    const stored = this.lookup(taskId, sessionId);
    if (!stored) throw new Error(`Task ${taskId} not found`);
    if (isTerminal(stored.task.status)) throw new Error(`Task ${taskId} is already ${stored.task.status}`);
    stored.result = result;
    stored.task.status = status;
    stored.task.lastUpdatedAt = new Date().toISOString();
    this.expireAfter(taskId, stored);
  }

  async getTaskResult(taskId: string, sessionId?: string): Promise<Result> {
    const stored = this.lookup(taskId, sessionId);
    if (!stored) throw new Error(`Task ${taskId} not found`);
    if (stored.result) return stored.result;
    // Cancelled before a result: what the call would have answered had it been stopped.
    return { content: [{ type: "text", text: `Task ${taskId} was cancelled: ${stored.task.statusMessage ?? "by request"}` }], isError: true };
  }

  async updateTaskStatus(taskId: string, status: Task["status"], statusMessage?: string, sessionId?: string): Promise<void> {
    const stored = this.lookup(taskId, sessionId);
    if (!stored) throw new Error(`Task ${taskId} not found`);
    if (isTerminal(stored.task.status)) throw new Error(`Task ${taskId} is already ${stored.task.status}`);
    stored.task.status = status;
    if (statusMessage) stored.task.statusMessage = statusMessage;
    stored.task.lastUpdatedAt = new Date().toISOString();
    if (status === "cancelled") {
      stored.onCancel?.(true);
      this.expireAfter(taskId, stored);
    }
  }

  async listTasks(cursor?: string, sessionId?: string): Promise<{ tasks: Task[]; nextCursor?: string }> {
    const ids = [...this.tasks.keys()].filter((id) => this.lookup(id, sessionId));
    let start = 0;
    if (cursor !== undefined) {
      start = ids.indexOf(cursor) + 1;
      if (start === 0) throw new Error(`Invalid cursor: ${cursor}`);
    }
    const page = ids.slice(start, start + PAGE_SIZE);
    const tasks = page.map((id) => ({ ...this.tasks.get(id)!.task }));
    return start + PAGE_SIZE < ids.length ? { tasks, nextCursor: page[page.length - 1] } : { tasks };
  }

  /**
   * A session ended: stop following its tasks and forget them (the CaptainCore jobs go on). Stateless HTTP closes a
   * server after every request, so there the tasks are left to run (stopWork false).
   */
  release(owner: object, stopWork: boolean): void {
    if (!stopWork) return;
    for (const [id, stored] of this.tasks) {
      if (stored.owner !== owner) continue;
      if (!isTerminal(stored.task.status)) stored.onCancel?.(false);
      this.forget(id);
    }
  }
}
