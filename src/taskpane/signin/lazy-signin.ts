// Organisation sign-in as the pane's first screen holds it: a SignInService whose code (organisation-signin.ts, and
// MSAL after it in its own chunk) loads on first use, as the `signin` chunk, so a pane that connects with a client
// secret never waits for it. Calls keep their order: each waits for the same load.
import { AuthError } from "../../core/auth";
import { loadFailureMessage, loadOnce } from "../../core/util";
import type { Runtime } from "../../runtime";
import type { SignInService } from "./organisation-signin";

export function lazyOrganisationSignIn(runtime: Runtime): SignInService {
  const load = loadOnce(() =>
    import(/* webpackChunkName: "signin" */ "./organisation-signin").then(
      ({ createOrganisationSignIn }) => createOrganisationSignIn(runtime),
      (error: Error) => {
        throw new AuthError(loadFailureMessage("Organisation sign-in", error));
      },
    ),
  );
  return {
    signIn: async (environment) => (await load()).signIn(environment),
    resume: async (environment) => (await load()).resume(environment),
    start: async (environments) => (await load()).start(environments),
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
