import Database from "better-sqlite3";
import pg from "pg";
import { db } from "@/lib/db/client";

const onPostgres = () => /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");

/**
 * Makes every insert into `table` fail (or only those whose `column` equals `value`), as a full disk or a broken
 * row would, on whichever database this test file runs. Returns the function that lifts the fault.
 */
export async function refuseInserts(table: string, message: string, only?: { column: string; value: number }): Promise<() => Promise<void>> {
  const name = `refuse_${table.toLowerCase()}_${only?.value ?? "all"}`;
  if (onPostgres()) {
    const condition = only ? `NEW."${only.column}" = ${Number(only.value)}` : "TRUE";
    await db.$executeRawUnsafe(
      `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF ${condition} THEN RAISE EXCEPTION '${message}'; END IF; RETURN NEW; END $$`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER ${name} ON "${table}"`);
      await db.$executeRawUnsafe(`DROP FUNCTION ${name}()`);
    };
  }
  const when = only ? `WHEN NEW."${only.column}" = ${Number(only.value)}` : "";
  await db.$executeRawUnsafe(`CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" ${when} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER ${name}`);
  };
}

/**
 * Another connection that holds what webhook ingest needs to write: SQLite's write lock, or on PostgreSQL a lock
 * on the delivery log that blocks inserts. `release` commits it.
 */
export async function holdIngestWriteLock(): Promise<{ release(): Promise<void>; close(): Promise<void> }> {
  if (onPostgres()) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`BEGIN; LOCK TABLE "WebhookDelivery" IN SHARE ROW EXCLUSIVE MODE`);
    let open = true;
    return {
      async release() {
        await client.query("COMMIT");
        open = false;
      },
      async close() {
        if (open) await client.query("ROLLBACK");
        await client.end();
      },
    };
  }
  const locker = new Database(process.env.DATABASE_URL!.replace(/^file:/, ""));
  locker.exec("BEGIN IMMEDIATE");
  return {
    async release() {
      locker.exec("COMMIT");
    },
    async close() {
      if (locker.inTransaction) locker.exec("ROLLBACK");
      locker.close();
    },
  };
}
