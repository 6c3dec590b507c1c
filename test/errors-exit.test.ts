/** Errors of resources, prompts and completions leave through the same scrub as tool results (issue 21, item 1). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function messageOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the request to fail");
}

describe("protocol errors leave through the exit", () => {
  const password = () => h.config.appPassword;

  it("resources/read of an unknown URI that carries the password", async () => {
    const message = await messageOf(() => h.client.readResource({ uri: `captaincore://nowhere/${encodeURIComponent(password())}` }));
    expect(message).toMatch(/not found/i);
    expect(message).not.toContain(password());
    expect(message).not.toContain(encodeURIComponent(password()));
  });

  it("prompts/get with the password as the prompt name", async () => {
    const message = await messageOf(() => h.client.getPrompt({ name: password() }));
    expect(message).toMatch(/Unknown prompt/);
    expect(message).not.toContain(password());
  });

  it("resources/subscribe to a captaincore URI that carries the password", async () => {
    const message = await messageOf(() => h.client.subscribeResource({ uri: `captaincore://x/${password()}` }));
    expect(message).not.toContain(password());
  });
});
