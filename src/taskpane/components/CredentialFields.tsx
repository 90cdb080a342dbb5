// The client credentials Kalibrate issued: client id, secret (shown on request), scope, and the opt-in to remember
// the secret on this device with what that means.
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useState } from "react";
import type { ConnectForm } from "../connection";

export interface CredentialFieldsProps {
  form: ConnectForm;
  problems: Partial<Record<keyof ConnectForm, string>>;
  set: (patch: Partial<ConnectForm>) => void;
  connected: boolean;
}

export function CredentialFields({ form, problems, set, connected }: CredentialFieldsProps) {
  const [showSecret, setShowSecret] = useState(false);
  return (
    <>
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
      <Field label="Scope" validationMessage={problems.scope} hint="api://…/.default, as Kalibrate sent it" required>
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
            address, never in the workbook: sharing the file does not share it. Anyone using this device profile, and
            any other add-in served from the same address, could read it.
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
