/** The text side of search: terms, intent, and the entries the catalog searches (dense logic, tested directly). */
import { describe, expect, it } from "vitest";
import { askProbabilities, buildAsksModel } from "../src/catalog/asks-model.js";
import { editDistance, similarNames } from "../src/catalog/names.js";
import { entriesOf } from "../src/catalog/search.js";
import { intentOf, numberedThing, stem, terms } from "../src/catalog/words.js";
import { indexOperations } from "../src/operations/registry.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";

describe("terms", () => {
  it("folds inflections and plain synonyms to one term", () => {
    expect(terms("updating updates updated")).toEqual(["update", "update", "update"]);
    expect(terms("remove delete erase")).toEqual(["delete", "delete", "delete"]);
    expect(terms("websites")).toEqual(["site"]);
    expect(stem("backups")).toBe("backup");
  });

  it("reads phrases as the word they mean", () => {
    expect(terms("log me into wp-admin")).toEqual(["login", "admin", "login"]);
    expect(terms("turn off 2fa")).toEqual(["disable", "twofactor"]);
    expect(terms("back up the site")).toEqual(["backup", "site"]);
    expect(terms("which web addresses are hooked up")).toEqual(["domain", "link"]);
    expect(terms("she's locked out, get her in")).toEqual(["login", "login"]);
  });

  it("drops the names of things (domains, numbers, hashes) and reads addresses and file names for what they are", () => {
    expect(terms("bakery.com invoice 1043 at 446d35f6")).toEqual(["invoice"]);
    expect(terms("forward info@ to gmail")).toEqual(["forward", "email", "gmail"]);
    expect(terms("diff of functions.php")).toEqual(["diff", "file"]);
  });
});

describe("intent", () => {
  it("questions and requests without a verb of change ask to see", () => {
    expect(intentOf("what does each customer pay us per month")).toBe("read");
    expect(intentOf("invoices for an account")).toBe("read");
    expect(intentOf("did anyone change the theme last week?")).toBe("read");
  });

  it("a verb of change asks to write; removal and overwrite ask to destroy", () => {
    expect(intentOf("force https on bakery.com")).toBe("write");
    expect(intentOf("delete the old recipe")).toBe("destroy");
    expect(intentOf("cancel the invite I sent bob")).toBe("destroy");
  });

  it("a thing named with its number is found", () => {
    expect(numberedThing("download invoice 1043 as pdf")).toBe("invoice");
    expect(numberedThing("list all sites")).toBeUndefined();
  });
});

describe("entries", () => {
  const entries = entriesOf(indexOperations(ALL_OPERATIONS));

  it("every command of run_site_command and run_bulk_tool is one entry, run by every operation that runs it", () => {
    const commands = entries.filter((e) => e.command);
    const names = commands.map((e) => e.command!.info.name);
    expect(new Set(names).size).toBe(names.length);
    const backup = commands.find((e) => e.command!.info.name === "backup")!;
    expect(backup.command!.via.map((v) => `${v.op.name}:${v.argument}`)).toEqual(["run_site_command:command", "run_bulk_tool:tool"]);
    expect(commands.find((e) => e.command!.info.name === "remove")!.effect).toBe("destructive");
  });

  it("every operation carries the words its users say", () => {
    const missing = ALL_OPERATIONS.filter((op) => !op.words?.trim()).map((op) => op.name);
    expect(missing).toEqual([]);
  });
});

describe("asks model", () => {
  const model = buildAsksModel(
    [
      ["delete the bakery account", "remove this customer for good", "the client left, delete their account"],
      ["remove tom from the account, he doesn't work there anymore", "take jane off the team", "revoke sarah's access"],
    ].map((asks) => asks.map((ask) => terms(ask))),
    [terms("delete account"), terms("remove account user")],
  );

  it("weighs a request's words by how much they say about one entry over the others", () => {
    const [account, member] = askProbabilities(model, terms("delete the oldtownpizza account, they left"));
    expect(account).toBeGreaterThan(member!);
    const [, user] = askProbabilities(model, terms("take priya off the account"));
    expect(user).toBeGreaterThan(0.5);
  });

  it("gives every entry the same chance when it knows none of the words", () => {
    expect([...askProbabilities(model, terms("zzz qqq"))]).toEqual([0.5, 0.5]);
  });
});

describe("similar names", () => {
  it("finds the names a few edits away, closest first", () => {
    expect(editDistance("list_site", "list_sites")).toBe(1);
    expect(similarNames("list_site", ["list_site_users", "get_site", "list_sites", "list_sitez"])).toEqual(["list_sites", "list_sitez"]);
    expect(similarNames("zzz", ["list_sites"])).toEqual([]);
  });
});
