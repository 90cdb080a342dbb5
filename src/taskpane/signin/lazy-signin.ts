// Organisation sign-in as the pane's first screen holds it: a SignInService whose code (organisation-signin.ts, and
// MSAL after it in its own chunk) loads on first use, as the `signin` chunk, so a pane that connects with a client
// secret never waits for it. Calls keep their order: each waits for the same load.
import { AuthError } from "../../core/auth";
import { loadSavedSignIn } from "../../excel/settings";
import { loadFailureMessage, loadOnce } from "../../core/util";
import type { Runtime } from "../../runtime";
import type { SignInService } from "./organisation-signin";

export function lazyOrganisationSignIn(runtime: Runtime): SignInService {
  // Whether the workbook remembers an organisation sign-in: read once at start, here, so that most workbooks (which
  // remember none) never load the sign-in code, and the service reads the same answer instead of asking again.
  const remembered = loadOnce(loadSavedSignIn);
  const load = loadOnce(() =>
    import(/* webpackChunkName: "signin" */ "./organisation-signin").then(
      ({ createOrganisationSignIn }) => createOrganisationSignIn(runtime, { recall: remembered }),
      (error: Error) => {
        throw new AuthError(loadFailureMessage("Organisation sign-in", error));
      },
    ),
  );
  return {
    signIn: async (environment) => (await load()).signIn(environment),
    resume: async (environment) => (await load()).resume(environment),
    start: async (environments) =>
      (await remembered().catch(() => undefined)) ? (await load()).start(environments) : false,
    signOut: async (environment) => (await load()).signOut(environment),
    choose: (environment) => {
      // Nothing to say if it cannot load: the Sign in button, which loads it again, says why.
      load().then(
        (service) => service.choose(environment),
        () => undefined,
      );
    },
  };
}
