import type { SimConfig } from "./config";
import { SimState } from "./state";

/** Shared by every part of one running simulator. Always read `config`/`state` fresh: both are replaced at runtime. */
export class SimRuntime {
  config: SimConfig;
  state: SimState;
  /** Origin of the listening server, e.g. http://127.0.0.1:4610 (set once listening). */
  url = "";

  constructor(
    readonly startupConfig: SimConfig,
    readonly log: (line: string) => void,
  ) {
    this.config = structuredClone(startupConfig);
    this.state = new SimState(this.config);
  }
}
