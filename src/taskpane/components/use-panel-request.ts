// A panel the ribbon can ask for (What moved, Share): when a request for it waits or arrives, the panel scrolls into
// view and takes the focus (so a keyboard or screen-reader user lands on it), then does what the request asks.
import { useEffect, useRef } from "react";
import type { PanePanel, PanelRequest, PanelRequests } from "../../commands/ribbon";

export function usePanelRequest<T extends HTMLElement>(
  panels: PanelRequests,
  panel: PanePanel,
  onRequest?: (request: PanelRequest) => void,
) {
  const ref = useRef<T>(null);
  const handler = useRef(onRequest);
  handler.current = onRequest;
  useEffect(() => {
    const answer = () => {
      const request = panels.take(panel);
      if (!request) return;
      ref.current?.scrollIntoView?.({ block: "start" });
      ref.current?.focus({ preventScroll: true });
      handler.current?.(request);
    };
    // A request made before this panel was on screen (its chunk loading) is answered now.
    answer();
    return panels.onRequest(answer);
  }, [panels, panel]);
  return ref;
}
