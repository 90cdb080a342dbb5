// Imports this workbook left unfinished (a closed pane, a network failure), each with Resume and Discard.
import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { KIND_LABELS } from "../../imports/kinds";
import type { ImportService } from "../../imports/service";
import { n } from "./styles";
import type { ImportFlow } from "./use-import-flow";

export function UnfinishedImports({ flow, imports }: { flow: ImportFlow; imports: ImportService }) {
  const idle = flow.busy === undefined;
  return (
    <>
      {flow.unfinished.map((p) => (
        <MessageBar key={p.id} intent="warning" aria-label="Unfinished import" layout="multiline">
          <MessageBarBody>
            An import of {n(p.records)} {KIND_LABELS[p.kind].toLowerCase()} from {p.source.address} is unfinished:{" "}
            {p.batches.filter((b) => b.state === "sent").length} of {p.batches.length} batches acknowledged.
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" disabled={!idle} onClick={() => flow.resume(p.id)}>
              Resume
            </Button>
            <Button
              size="small"
              disabled={!idle}
              onClick={() => void imports.discard(p.id).then(flow.reloadUnfinished)}
            >
              Discard
            </Button>
          </MessageBarActions>
        </MessageBar>
      ))}
    </>
  );
}
