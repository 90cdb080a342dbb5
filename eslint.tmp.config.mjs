import tseslint from "typescript-eslint";
import boundaries from "eslint-plugin-boundaries";
const el = (type, pattern) => ({ type, pattern, partialMatch: false });
export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "test-results/", "**/*.js"] },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { parser: tseslint.parser },
    plugins: { boundaries },
    settings: {
      "import/resolver": { node: { extensions: [".ts", ".tsx", ".json"] } },
      "boundaries/files": [{ category: "runtime", pattern: "src/runtime.ts" }, { category: "composition", pattern: "src/composition.ts" }],
      "boundaries/elements": [el("core-api", "src/core/api/**"), el("core-auth", "src/core/auth/**"), el("functions", "src/functions/**"), el("core", "src/core/**")],
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "allow", policies: [
        { from: { element: { type: "core-auth" } }, disallow: { to: { element: { type: "core-api" } } } },
        { from: { element: { type: "functions" } }, disallow: { to: { file: { categories: "runtime" } } } },
      ] }],
    },
  },
);
