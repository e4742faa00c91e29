export const connectionQueryKey = ["halo-connection"] as const;
