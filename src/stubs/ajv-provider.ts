/**
 * Stand-in for the SDK's validation/ajv-provider.js in the bundled bin: the SDK imports Ajv statically to validate
 * elicitation answers, which this server never requests (server.ts passes its own validator), and loading Ajv
 * cost ~40 ms of every start.
 */
export class AjvJsonSchemaValidator {
  getValidator(): never {
    throw new Error("Ajv is not bundled: captaincore-mcp does not use elicitation");
  }
}
