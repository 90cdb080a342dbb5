// The Connection card: pick the environment, then client credentials (useConnectForm holds the form) or, for a
// managed environment, organisation sign-in; the status line says where things stand.
import { lazy, Suspense } from "react";
import {
  Button,
  Card,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import type { Environment } from "../../core/api";
import type { TokenStatus } from "../../core/auth";
import type { Connection, ConnectForm } from "../connection";
import type { SignInService } from "../signin/organisation-signin";
import { ConnectionStatus } from "./ConnectionStatus";
import { CredentialFields } from "./CredentialFields";
import { EnvironmentField } from "./EnvironmentField";
import { useConnectForm } from "./use-connect-form";
import { LoadBoundary } from "./LoadBoundary";

// Loaded with the first managed environment chosen, with the sign-in service (the `signin` chunk).
const OrganisationSignIn = lazy(() =>
  import(/* webpackChunkName: "signin" */ "../signin/OrganisationSignIn").then((m) => ({
    default: m.OrganisationSignIn,
  })),
);

export interface ConnectPanelProps {
  environments: () => Promise<Environment[]>;
  connection: Connection;
  status: TokenStatus;
  /** Values to start from when the workbook remembers none (the workbench fills in the sandbox's). */
  prefill?: Partial<ConnectForm>;
  /** Organisation sign-in for managed environments (issue 12). */
  signIn?: SignInService;
}

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  // Only groups the credential fields (hidden for a managed environment); looks like no box at all.
  plain: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    border: "none",
    margin: 0,
    padding: 0,
    minWidth: 0,
    "&[hidden]": { display: "none" },
  },
});

export function ConnectPanel({ environments, connection, status, prefill, signIn }: ConnectPanelProps) {
  const styles = useStyles();
  const state = useConnectForm(environments, connection, status, prefill);
  const { envs, form, busy } = state;
  // Connected or signed in: the environment stays as it is until Disconnect / Sign out.
  const connected = status.state === "connected";
  const selectedEnv = envs?.find((e) => e.id === form.environment);
  const managedEnv = selectedEnv?.managed && signIn ? selectedEnv : undefined;

  return (
    <Card aria-label="Connection">
      <CardHeader header={<Subtitle2 as="h2">Connection</Subtitle2>} />
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          // Enter in the form does not submit credentials a managed environment has no use for.
          if (!managedEnv) void state.connect();
        }}
      >
        <EnvironmentField
          envs={envs}
          envProblem={state.envProblem}
          problem={state.problems.environment}
          environment={form.environment}
          onSelect={(environment) => state.set({ environment })}
          connected={connected}
        />
        {state.restoreProblem && (
          <MessageBar intent="warning" aria-label="Saved connection problem">
            <MessageBarBody>{state.restoreProblem}</MessageBarBody>
          </MessageBar>
        )}
        {managedEnv && (
          <LoadBoundary what="Organisation sign-in">
            <Suspense fallback={<Spinner size="tiny" label="Loading…" />}>
              <OrganisationSignIn environment={managedEnv} signIn={signIn!} status={status} />
            </Suspense>
          </LoadBoundary>
        )}
        <fieldset hidden={Boolean(managedEnv)} disabled={Boolean(managedEnv)} className={styles.plain}>
          <CredentialFields form={form} problems={state.problems} set={state.set} connected={connected} />
          <div className={styles.row}>
            {connected ? (
              // Distinct keys: reusing one <button> element would turn it into the submit button during its own click,
              // and the browser would then submit the form (reconnecting at once).
              <Button key="disconnect" type="button" onClick={() => void connection.disconnect(false)}>
                Disconnect
              </Button>
            ) : (
              <Button key="connect" appearance="primary" type="submit" disabled={busy}>
                Connect
              </Button>
            )}
            {busy && <Spinner size="tiny" label="Connecting…" />}
          </div>
          <ConnectionStatus
            status={status}
            environmentLabel={envs?.find((e) => e.id === status.environment)?.label ?? status.environment}
            failure={state.failure}
          />
        </fieldset>
      </form>
    </Card>
  );
}
