// The integration tests' common start for KALIBRATE functions in Node: a stack (relay + sandbox), the runtime pointed
// at its relay, the fake Excel host installed on globalThis with every KALIBRATE function registered, and a `type`
// that enters a formula and waits for the calc engine and the runtime to settle.
import { installFakeOffice, type FakeExcelHandle, type FakeExcelOptions } from "../../src/workbench/fake-excel";
import type { Runtime } from "../../src/runtime";
import { startStack, type Stack, type StackOptions } from "./stack";

export interface FunctionsHost {
  stack: Stack;
  host: FakeExcelHandle;
  rt: Runtime;
  type(address: string, formula: string): Promise<void>;
  close(): Promise<void>;
}

export async function startFunctionsHost(
  stackOptions: StackOptions = {},
  hostOptions?: FakeExcelOptions,
): Promise<FunctionsHost> {
  const stack = await startStack(stackOptions);
  const { createRuntime, setRuntime, runtime } = await import("../../src/runtime");
  setRuntime(createRuntime(stack.relayUrl));
  const host = installFakeOffice(globalThis, hostOptions);
  const fns = await import("../../src/functions/functions");
  host.registerFunctions({
    VERSION: fns.version,
    QUERY: fns.query,
    PRICE: fns.price,
    PRICEHISTORY: fns.pricehistory,
    LOOKUP: fns.lookup,
    SITE: fns.site,
    PRICEAT: fns.priceat,
  });
  const rt = runtime();
  return {
    stack,
    host,
    rt,
    async type(address, formula) {
      host.workbook.setCell(address, formula);
      await host.workbook.idle();
      await rt.idle();
    },
    async close() {
      rt.tokens.disconnect();
      await stack.close();
    },
  };
}
