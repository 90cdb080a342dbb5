// Around the parts of the pane that load on demand: when their chunk cannot be fetched (the add-in's server or the
// network went away after the pane opened, or a new version replaced the files), or they fail while drawing, the
// user reads what happened and what to do instead of a blank pane; Connect and the rest of the pane stay usable.
import { Component, type ReactNode } from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { loadFailureMessage } from "../../core/util";

interface Props {
  /** What failed, as the sentence's subject ("The Import panel"). */
  what: string;
  children: ReactNode;
}

export class LoadBoundary extends Component<Props, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <MessageBar intent="error" layout="multiline" role="alert">
        <MessageBarBody>{loadFailureMessage(this.props.what, error)}</MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => window.location.reload()}>Reload the pane</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}
