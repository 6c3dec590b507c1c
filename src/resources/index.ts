/** Every resource module, in the order resources/list shows them. */
import type { ResourceModule } from "../context.js";
import { jobResources } from "./jobs.js";
import { siteResources } from "./sites.js";
import { docResources } from "./docs.js";

export const RESOURCE_MODULES: readonly ResourceModule[] = [jobResources, siteResources, docResources];
