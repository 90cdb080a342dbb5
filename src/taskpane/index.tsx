import { createRoot } from "react-dom/client";
import { whenHostReady } from "../excel/host";
import { App } from "./App";

// One render, after Office.js is ready (Office-Addin-TaskPane-React).
void whenHostReady().then((host) => {
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<App host={host} />);
});
