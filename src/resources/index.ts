/** Every resource module, in the order resources/list shows them. */
import type { ResourceModule } from "../context.js";
import { jobResources } from "./jobs.js";
import { siteResources } from "./sites.js";
import { docResources } from "./docs.js";
import { captureResources } from "../captures/resource.js";

export const RESOURCE_MODULES: readonly ResourceModule[] = [jobResources, siteResources, captureResources, docResources];
