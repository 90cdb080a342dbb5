import { useCallback, useRef, useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import type { Question } from "../../reports/service";

/** A question asked in a Fluent Dialog; `ask` resolves true when the user goes ahead. */
export function useConfirm(): { dialog: JSX.Element; ask: (question: Question) => Promise<boolean> } {
  const [question, setQuestion] = useState<Question>();
  const resolver = useRef<(answer: boolean) => void>();
  const ask = useCallback(
    (next: Question) =>
      new Promise<boolean>((resolve) => {
        resolver.current?.(false);
        resolver.current = resolve;
        setQuestion(next);
      }),
    [],
  );
  const answer = (value: boolean) => {
    resolver.current?.(value);
    resolver.current = undefined;
    setQuestion(undefined);
  };
  const dialog = (
    <Dialog open={question !== undefined} onOpenChange={(_, data) => !data.open && answer(false)} modalType="alert">
      <DialogSurface aria-label={question?.title}>
        <DialogBody>
          <DialogTitle>{question?.title}</DialogTitle>
          <DialogContent>{question?.message}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => answer(true)}>
              {question?.confirmLabel}
            </Button>
            <Button onClick={() => answer(false)}>Keep as it is</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
  return { dialog, ask };
}
