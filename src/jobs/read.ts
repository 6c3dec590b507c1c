/**
 * One read of a job, the way every reader does it (get_job, cancel_job, the job resource, the poller): fetch
 * /my-jobs/{token}, remember the status this process saw, and look up what it knows of the job (what ran where).
 */
import type { CaptainCoreClient } from "../client/http.js";
import { knownJob, noteStatus, registryKey, type JobEntry, type ServicesHolder } from "./registry.js";
import { jobView, type JobView, type ViewOptions } from "./view.js";
import { fetchJob, isFinal, type JobAnswer } from "./wait.js";

export interface JobRead {
  answer: JobAnswer;
  final: boolean;
  /** What this process knows of the job (undefined for a token from elsewhere). */
  entry?: JobEntry;
  /** The job as the model sees it. */
  view: (opts?: ViewOptions) => JobView;
}

export async function readJob(
  env: ServicesHolder & { client: CaptainCoreClient; config: { baseUrl: string; username: string } },
  token: string,
  signal?: AbortSignal,
): Promise<JobRead> {
  const key = registryKey(env);
  const answer = await fetchJob(env.client, token, signal);
  const final = isFinal(answer.status);
  noteStatus(key, token, answer.status, final);
  const entry = knownJob(key, token);
  return { answer, final, entry, view: (opts) => jobView(answer, entry, opts) };
}
