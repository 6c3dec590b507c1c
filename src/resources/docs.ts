/** Resources: docs. */
import type { ResourceModule } from "../context.js";

export const docResources: ResourceModule = {
  read: async () => undefined,
};
