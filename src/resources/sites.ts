/** Resources: sites. */
import type { ResourceModule } from "../context.js";

export const siteResources: ResourceModule = {
  read: async () => undefined,
};
