// The pane's connection module against the fake Excel host and the real relay + sandbox: what the workbook and the
// device remember, and reopening a workbook with a remembered secret.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { createRuntime } from "../../src/runtime";
import { createConnection } from "../../src/taskpane/connection";
import { startStack, type Stack } from "../support/stack";

let stack: Stack;
let host: FakeExcelHandle;

before(async () => {
  stack = await startStack();
  host = installFakeOffice(globalThis);
});
after(async () => {
  await stack?.close();
});

test("a reopened workbook connects by itself only when the secret was remembered on this device", async () => {
  const first = createRuntime(stack.relayUrl);
  await createConnection(first).connect({ ...stack.reader, remember: false });
  assert.deepEqual(host.workbook.settings()["kalibrate.connection"], {
    environment: "sandbox",
    clientId: stack.reader.clientId,
    scope: stack.reader.scope,
  });

  const notRemembered = createRuntime(stack.relayUrl);
  assert.equal(await createConnection(notRemembered).resume(), false);
  assert.equal(notRemembered.tokens.status.state, "disconnected");

  await createConnection(first).connect({ ...stack.reader, remember: true });
  const reopened = createRuntime(stack.relayUrl);
  assert.equal(await createConnection(reopened).resume(), true);
  assert.equal(reopened.tokens.status.state, "connected");
  assert.equal(reopened.tokens.status.clientId, stack.reader.clientId);
});

test("a remembered secret that no longer works leaves the pane saying why", async () => {
  await host.OfficeRuntime.storage.setItem("kalibrate.secret:sandbox:sandbox-reader", "rotated-away");
  const reopened = createRuntime(stack.relayUrl);
  await assert.rejects(createConnection(reopened).resume(), /secret/i);
  assert.equal(reopened.tokens.status.state, "error");
  assert.match(reopened.tokens.status.message ?? "", /secret/i);
});
