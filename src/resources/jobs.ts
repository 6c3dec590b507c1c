/** Resources: jobs. */
import type { ResourceModule } from "../context.js";

export const jobResources: ResourceModule = {
  read: async () => undefined,
};
