// The Import panel: pick the kind and the rows (the selection or a table), map columns to fields, validate, then
// send in batches with progress and Cancel, and see each batch's operation and the rows Kalibrate rejected. All the
// rules live in ImportService; the steps in useImportFlow; these components only show them.
import {
  Button,
  Caption1,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Subtitle2,
} from "@fluentui/react-components";
import { readOnlyMessage } from "../../imports/rights";
import type { ImportService } from "../../imports/service";
import { MappingFields } from "./MappingFields";
import { SendOutcomeView } from "./SendOutcomeView";
import { SourceFields } from "./SourceFields";
import { n, useImportStyles } from "./styles";
import { UnfinishedImports } from "./UnfinishedImports";
import { useImportFlow } from "./use-import-flow";
import { ValidationResult } from "./ValidationResult";

export interface ImportPanelProps {
  imports: ImportService;
  /** Changes whenever the connection does, so rights are read again. */
  connectionKey: string;
  clientId?: string;
}

export function ImportPanel({ imports, connectionKey, clientId }: ImportPanelProps) {
  const styles = useImportStyles();
  const flow = useImportFlow(imports, connectionKey);
  const { busy, progress, message, source, prepared, outcome } = flow;

  return (
    <Card aria-label="Import">
      <CardHeader header={<Subtitle2 as="h2">Import to Kalibrate</Subtitle2>} />
      <div className={styles.form}>
        {flow.readOnly && (
          <MessageBar intent="warning" aria-label="Import rights">
            <MessageBarBody>{readOnlyMessage(clientId)}</MessageBarBody>
          </MessageBar>
        )}
        <UnfinishedImports flow={flow} imports={imports} />
        <SourceFields flow={flow} imports={imports} />
        {source && <MappingFields flow={flow} source={source} />}
        {prepared && <ValidationResult flow={flow} imports={imports} prepared={prepared} />}
        {busy && (
          <div role="status" aria-label="Import progress">
            <ProgressBar value={progress && progress.batches ? progress.done / progress.batches : undefined} />
            <Caption1>
              {progress
                ? `${progress.phase === "sending" ? "Sent" : "Processed"} ${progress.done} of ${progress.batches} batches (${n(progress.records)} records)`
                : `${busy}…`}
            </Caption1>
            {busy === "Sending" && (
              <Button size="small" onClick={flow.cancel}>
                Cancel
              </Button>
            )}
          </div>
        )}
        {message && (
          <MessageBar intent={message.intent} aria-label="Import outcome" layout="multiline">
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
        {outcome && <SendOutcomeView flow={flow} outcome={outcome} />}
      </div>
    </Card>
  );
}
