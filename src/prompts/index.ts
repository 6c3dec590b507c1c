/** Prompts for the workflows agencies repeat. */
import type { PromptDefinition } from "../context.js";

export const PROMPTS: readonly PromptDefinition[] = [];
