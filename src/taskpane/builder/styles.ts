// The builder's layout, shared by its parts: fields side by side where each gets 9rem, one under another in a
// narrower pane (Excel opens panes at 320-350 px).
import { makeStyles, tokens } from "@fluentui/react-components";

export const useBuilderStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  fields: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 9rem), 1fr))",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    "& > *": { minWidth: 0 },
  },
  // Fluent's Dropdown and Combobox keep 250 px by default; here they take the width their field has.
  control: { minWidth: 0, width: "100%" },
  // A Combobox's text box is as wide as 20 characters unless its column may shrink below that.
  combobox: { minWidth: 0, width: "100%", gridTemplateColumns: "minmax(0, 1fr) auto" },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  placement: { flexWrap: "wrap" },
  query: { fontFamily: tokens.fontFamilyMonospace },
});
