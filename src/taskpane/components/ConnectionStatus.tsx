// The connection's status line: connected as whom until when, why connecting failed, or not connected.
import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import type { TokenStatus } from "../../core/auth";

function time(iso?: string): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
}

export interface ConnectionStatusProps {
  status: TokenStatus;
  /** The environment's label, for the connected line. */
  environmentLabel?: string;
  /** The last Connect's failure, if it failed. */
  failure?: string;
}

export function ConnectionStatus({ status, environmentLabel, failure }: ConnectionStatusProps) {
  return (
    <div role="status" aria-label="Connection status">
      {status.state === "connected" ? (
        <MessageBar intent="success">
          <MessageBarBody>
            Connected to {environmentLabel} as {status.clientId}. Token valid until {time(status.expiresOn)}.
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
  );
}
