import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next*/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "data/**", "lib/generated/**"],
  },
];

export default config;
