// The connect panel's body for a managed environment: "Sign in with your organisation" instead of credential fields,
// then who is signed in and Sign out. The sign-in itself is the SignInService's (plain module); this only shows it.
import { useEffect, useState } from "react";
import { Button, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from "@fluentui/react-components";
import type { Environment } from "../../core/api";
import type { TokenStatus } from "../../core/auth";
import type { SignInService } from "./organisation-signin";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
});

function time(iso?: string): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
}

export function OrganisationSignIn({
  environment,
  signIn,
  status,
}: {
  environment: Environment;
  signIn: SignInService;
  status: TokenStatus;
}) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const mine = status.environment === environment.id;
  const idle = status.state === "disconnected" || status.state === "error";
  // Choosing a managed environment makes waiting KALIBRATE cells say "Sign in" rather than "Connect".
  useEffect(() => {
    if (idle && !(mine && status.signInRequired)) signIn.choose(environment);
  }, [environment, signIn, idle, mine, status.signInRequired]);
  const signedIn = mine && status.state === "connected" && Boolean(status.user);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await work();
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const problem = failure ?? (mine && status.state === "error" ? status.message : undefined);
  return (
    <div className={styles.body}>
      {!signedIn && (
        <Text size={200}>
          Your organisation holds the Kalibrate credentials for this environment: sign in with your work account.
        </Text>
      )}
      <div className={styles.row}>
        {signedIn ? (
          <Button key="sign-out" type="button" onClick={() => void run(() => signIn.signOut(environment))}>
            Sign out
          </Button>
        ) : (
          <Button
            key="sign-in"
            type="button"
            appearance="primary"
            disabled={busy}
            onClick={() => void run(() => signIn.signIn(environment))}
          >
            Sign in with your organisation
          </Button>
        )}
        {busy && <Spinner size="tiny" label={signedIn ? "Signing out…" : "Signing in…"} />}
      </div>
      <div role="status" aria-label="Connection status">
        {signedIn ? (
          <MessageBar intent="success">
            <MessageBarBody>
              Signed in to {environment.label} as {status.user}. Token valid until {time(status.expiresOn)}.
            </MessageBarBody>
          </MessageBar>
        ) : problem ? (
          <MessageBar intent="error">
            <MessageBarBody>{problem}</MessageBarBody>
          </MessageBar>
        ) : (
          <MessageBar intent="info">
            <MessageBarBody>
              {mine && status.signInRequired ? "Signed out." : "Not signed in."} KALIBRATE cells show #N/A until you
              sign in.
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
    </div>
  );
}
