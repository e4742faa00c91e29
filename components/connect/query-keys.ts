export const connectionQueryKey = (connectionId: string) => ["halo-connection", connectionId] as const;
