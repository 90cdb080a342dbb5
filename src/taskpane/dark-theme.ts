// The dark theme is loaded only when Office asks for a dark pane: most panes never need its tokens.
export { webDarkTheme } from "@fluentui/react-components";
