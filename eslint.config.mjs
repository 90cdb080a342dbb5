// Lint: typescript-eslint's recommended rules, the Office add-in rules (load before read, sync after load, no
// context.sync in loops), and prettier formatting. The plugin's own flat presets leave the parser unset for .tsx
// (office-addin-notes), so the parser is named here.
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";
import prettier from "eslint-plugin-prettier";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "test-results/", "**/*.js"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mjs}"],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { "office-addins": officeAddins, prettier },
    rules: {
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "warn",
      "office-addins/no-empty-load": "warn",
      "office-addins/no-navigational-load": "warn",
      "office-addins/no-office-initialize": "warn",
      "office-addins/test-for-null-using-isNullObject": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-eval": "error",
      "prettier/prettier": ["error", { endOfLine: "auto" }],
    },
  },
);
