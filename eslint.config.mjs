import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    // Specs take `test` from e2e/support/test.ts, whose fixture runs the axe and phone-width checks on every page.
    files: ["e2e/**/*.spec.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@playwright/test", message: "Import test and expect from ./support/test, which audits every page the test visits." }] },
      ],
    },
  },
  {
    ignores: [".next*/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "data/**", "lib/generated/**"],
  },
];

export default config;
