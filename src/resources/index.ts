/** Every resource module, in the order resources/list shows them; each one reaches the model through the exit. */
import type { ResourceModule } from "../context.js";
import { exitCompletions, exitFor } from "../operations/exit.js";
import { jobResources } from "./jobs.js";
import { siteResources } from "./sites.js";
import { docResources } from "./docs.js";
import { captureResources } from "../captures/resource.js";

/** The module as the server uses it: lists, reads, completions and errors pass through the model exit. */
export function throughExit(module: ResourceModule): ResourceModule {
  return {
    ...module,
    list: module.list && (async (ctx) => exitFor(ctx.client).resources(await module.list!(ctx))),
    read: async (uri, ctx, signal) => {
      const exit = exitFor(ctx.client);
      try {
        const result = await module.read(uri, ctx, signal);
        return result && exit.resource(result);
      } catch (err) {
        throw exit.error(err);
      }
    },
    complete: exitCompletions(module.complete),
    subscribe:
      module.subscribe &&
      (async (uri, ctx) => {
        try {
          return await module.subscribe!(uri, ctx);
        } catch (err) {
          throw exitFor(ctx.client).error(err);
        }
      }),
  };
}

export const RESOURCE_MODULES: readonly ResourceModule[] = [jobResources, siteResources, captureResources, docResources].map(throughExit);
