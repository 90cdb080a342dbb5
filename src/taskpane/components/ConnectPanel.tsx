import { useEffect, useState } from "react";
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Checkbox,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import type { Connection, ConnectForm } from "../connection";
import { formProblems } from "../connection";
import type { Environment } from "../../core/api";
import { OrganisationSignIn } from "../signin/OrganisationSignIn";
import type { SignInService } from "../signin/organisation-signin";

export type { Environment };

export interface TokenStatusView {
  state: "disconnected" | "connecting" | "connected" | "error";
  environment?: string;
  clientId?: string;
  expiresOn?: string;
  message?: string;
  user?: string;
  signInRequired?: boolean;
}

export interface ConnectPanelProps {
  environments: () => Promise<Environment[]>;
  connection: Connection;
  status: TokenStatusView;
  /** Values to start from when the workbook remembers none (the workbench fills in the sandbox's). */
  prefill?: Partial<ConnectForm>;
  /** Organisation sign-in for managed environments (issue 12). */
  signIn?: SignInService;
}

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  option: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
  // Fluent's Dropdown keeps 250 px by default, more than a 320 px pane leaves inside a card.
  control: { minWidth: 0, width: "100%" },
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

function time(iso?: string): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
}

export function ConnectPanel({ environments, connection, status, prefill, signIn }: ConnectPanelProps) {
  const styles = useStyles();
  const [envs, setEnvs] = useState<Environment[]>();
  const [envProblem, setEnvProblem] = useState<string>();
  const [form, setForm] = useState<ConnectForm>({
    environment: "",
    clientId: "",
    clientSecret: "",
    scope: "",
    remember: false,
    ...prefill,
  });
  const [showSecret, setShowSecret] = useState(false);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    environments().then(
      (list) => {
        setEnvs(list);
        setForm((f) => (f.environment || list.length !== 1 ? f : { ...f, environment: list[0].id }));
      },
      (e: Error) => setEnvProblem(e.message),
    );
    connection.restore().then(
      ({ saved, secret }) => {
        if (!saved) return;
        setForm((f) => ({ ...f, ...saved, clientSecret: secret ?? f.clientSecret, remember: Boolean(secret) }));
      },
      () => undefined,
    );
  }, [environments, connection]);

  // A sign-in resumed when the pane started (or one that must be redone) names its environment: show that one.
  const statusEnvironment = status.state === "connected" || status.signInRequired ? status.environment : undefined;
  useEffect(() => {
    if (statusEnvironment)
      setForm((f) => (f.environment === statusEnvironment ? f : { ...f, environment: statusEnvironment }));
  }, [statusEnvironment]);

  const problems = touched ? formProblems(form) : {};
  const set = (patch: Partial<ConnectForm>) => setForm((f) => ({ ...f, ...patch }));
  // Connected or signed in: the environment stays as it is until Disconnect / Sign out.
  const connected = status.state === "connected";
  const envLabel = (id?: string) => envs?.find((e) => e.id === id)?.label ?? id;
  const selectedEnv = envs?.find((e) => e.id === form.environment);
  const managedEnv = selectedEnv?.managed && signIn ? selectedEnv : undefined;

  const onConnect = async () => {
    if (managedEnv) return; // Enter in the form does not submit credentials a managed environment has no use for
    setTouched(true);
    if (Object.keys(formProblems(form)).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await connection.connect(form);
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card aria-label="Connection">
      <CardHeader header={<Subtitle2 as="h2">Connection</Subtitle2>} />
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          void onConnect();
        }}
      >
        <Field label="Environment" validationMessage={problems.environment ?? envProblem} required>
          <Dropdown
            className={styles.control}
            placeholder={envProblem ? "No environments" : envs ? "Choose an environment" : "Loading environments…"}
            value={selectedEnv ? selectedEnv.label + (selectedEnv.production ? " (production)" : "") : ""}
            selectedOptions={form.environment ? [form.environment] : []}
            onOptionSelect={(_, data) => set({ environment: data.optionValue ?? "" })}
            disabled={connected}
          >
            {envs?.map((env) => (
              <Option key={env.id} value={env.id} text={env.label}>
                <span className={styles.option}>
                  {env.label}
                  {env.production && (
                    <Badge color="danger" appearance="filled" size="small">
                      Production
                    </Badge>
                  )}
                </span>
              </Option>
            ))}
          </Dropdown>
        </Field>
        {selectedEnv?.production && !connected && (
          <MessageBar intent="warning">
            <MessageBarBody>
              Production: live Kalibrate data. Reports record which environment they came from.
            </MessageBarBody>
          </MessageBar>
        )}
        {managedEnv && <OrganisationSignIn environment={managedEnv} signIn={signIn!} status={status} />}
        <fieldset hidden={Boolean(managedEnv)} disabled={Boolean(managedEnv)} className={styles.plain}>
          <Field label="Client id" validationMessage={problems.clientId} required>
            <Input
              value={form.clientId}
              onChange={(_, d) => set({ clientId: d.value })}
              disabled={connected}
              autoComplete="off"
            />
          </Field>
          <Field label="Client secret" validationMessage={problems.clientSecret} required>
            <Input
              type={showSecret ? "text" : "password"}
              value={form.clientSecret}
              onChange={(_, d) => set({ clientSecret: d.value })}
              disabled={connected}
              autoComplete="off"
              contentAfter={
                <Button
                  type="button"
                  appearance="transparent"
                  size="small"
                  onClick={() => setShowSecret((s) => !s)}
                  aria-label={showSecret ? "Hide secret" : "Show secret"}
                >
                  {showSecret ? "Hide" : "Show"}
                </Button>
              }
            />
          </Field>
          <Field
            label="Scope"
            validationMessage={problems.scope}
            hint="api://…/.default, as Kalibrate sent it"
            required
          >
            <Input value={form.scope} onChange={(_, d) => set({ scope: d.value })} disabled={connected} />
          </Field>
          <Checkbox
            label="Remember on this device"
            checked={form.remember}
            onChange={(_, d) => set({ remember: Boolean(d.checked) })}
            disabled={connected}
          />
          {form.remember && !connected && (
            <MessageBar intent="warning">
              <MessageBarBody>
                The secret will be kept on this device, unencrypted, in Office&apos;s storage for this add-in&apos;s web
                address, never in the workbook: sharing the file does not share it. Anyone using this device profile,
                and any other add-in served from the same address, could read it.
              </MessageBarBody>
            </MessageBar>
          )}
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
          <div role="status" aria-label="Connection status">
            {connected ? (
              <MessageBar intent="success">
                <MessageBarBody>
                  Connected to {envLabel(status.environment)} as {status.clientId}. Token valid until{" "}
                  {time(status.expiresOn)}.
                </MessageBarBody>
              </MessageBar>
            ) : failure || status.state === "error" ? (
              <MessageBar intent="error">
                <MessageBarBody>{failure ?? status.message}</MessageBarBody>
              </MessageBar>
            ) : (
              <MessageBar intent="info">
                <MessageBarBody>Not connected. KALIBRATE cells show #N/A until you connect.</MessageBarBody>
              </MessageBar>
            )}
          </div>
        </fieldset>
      </form>
    </Card>
  );
}
