import { describe, expect, it } from "vitest";
import { HALO_EVENTS } from "../events";
import { GUID, api, getToken, startSim, closeServersAfterEach } from "./helpers";

closeServersAfterEach();

interface WebhookRow {
  id: string;
  name: string;
  url: string;
  active: boolean;
  authentication_type: number;
  basic_username: string;
  basic_password?: string;
  basic_password_set: boolean;
  events: { id: number; name: string; eventno: number | null; webhook_id: string }[];
}

const base = {
  name: "WorkSights",
  url: "http://127.0.0.1:9/api/webhooks/halo/conn-1",
  authentication_type: 1,
  basic_username: "halo",
  basic_password: "s3cret-password",
  events: [{ name: "Ticket Status Changed" }, { name: HALO_EVENTS.newTicketLogged }],
};

async function setup() {
  const sim = await startSim();
  const token = await getToken(sim);
  const post = (body: unknown) => api(sim, token, "/api/Webhook", { method: "POST", body: JSON.stringify(body) });
  return { sim, token, post };
}

describe("POST /api/Webhook", () => {
  it("refuses a bare object with a 400 that says an array is required", async () => {
    const { post } = await setup();
    const response = await post(base);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { title: string; errors: Record<string, string[]> };
    expect(body.title).toBe("One or more validation errors occurred.");
    expect(body.errors.$?.[0]).toMatch(/JSON array/);
  });

  it("creates a webhook with a UUID id, answering the saved object without the password", async () => {
    const { sim, post } = await setup();
    const response = await post([base]);
    expect(response.status).toBe(200);
    const saved = (await response.json()) as WebhookRow;
    expect(saved.id).toMatch(GUID);
    expect(saved).toMatchObject({ name: "WorkSights", url: base.url, active: true, authentication_type: 1, basic_username: "halo" });
    expect(saved.basic_password).toBeUndefined();
    expect(saved.basic_password_set).toBe(true);
    expect(JSON.stringify(saved)).not.toContain("s3cret-password");
    expect(saved.events.map((event) => [event.name, event.eventno])).toEqual([
      ["ticket status changed", 2],
      ["new ticket logged", 1],
    ]);
    expect(saved.events.every((event) => Number.isInteger(event.id) && event.webhook_id === saved.id)).toBe(true);
    expect(sim.webhooks()[0]?.basic_password).toBe("s3cret-password");
  });

  it("answers an array when several webhooks are posted", async () => {
    const { post } = await setup();
    const response = await post([base, { ...base, name: "Second" }]);
    const saved = (await response.json()) as WebhookRow[];
    expect(saved.map((webhook) => webhook.name)).toEqual(["WorkSights", "Second"]);
    expect(saved[0]?.id).not.toBe(saved[1]?.id);
  });

  it("updates by id (any case), keeping unspecified fields and the password", async () => {
    const { sim, token, post } = await setup();
    const created = (await (await post([base])).json()) as WebhookRow;
    const response = await post([{ id: created.id.toUpperCase(), name: "Renamed", active: false }]);
    expect(response.status).toBe(200);
    const updated = (await response.json()) as WebhookRow;
    expect(updated).toMatchObject({ id: created.id, name: "Renamed", active: false, url: base.url });
    expect(updated.events.map((event) => event.id)).toEqual(created.events.map((event) => event.id));
    expect(sim.webhooks()[0]?.basic_password).toBe("s3cret-password");
    const list = (await (await api(sim, token, "/api/Webhook")).json()) as WebhookRow[];
    expect(list).toHaveLength(1);
  });

  it("answers 404 when updating an unknown id, and saves nothing from that request", async () => {
    const { sim, post } = await setup();
    const response = await post([base, { id: "7d0f5c1e-0000-4000-8000-000000000000", name: "Ghost" }]);
    expect(response.status).toBe(404);
    expect(sim.webhooks()).toHaveLength(0);
  });

  it("needs at least one event, a URL and a username for Basic auth", async () => {
    const { post } = await setup();
    const noEvents = await post([{ ...base, events: [] }]);
    expect(noEvents.status).toBe(400);
    expect(JSON.stringify(await noEvents.json())).toMatch(/at least one event/);
    expect((await post([{ ...base, events: undefined }])).status).toBe(400);
    expect((await post([{ ...base, url: undefined }])).status).toBe(400);
    expect((await post([{ ...base, url: "ftp://example.com" }])).status).toBe(400);
    expect((await post([{ ...base, basic_username: "" }])).status).toBe(400);
    expect((await post([{ ...base, events: [{}] }])).status).toBe(400);
  });

  it("accepts an event given only by the simulator's eventno", async () => {
    const { post } = await setup();
    const saved = (await (await post([{ ...base, events: [{ eventno: 4 }] }])).json()) as WebhookRow;
    expect(saved.events[0]).toMatchObject({ name: "end-user update", eventno: 4 });
  });
});

describe("GET and DELETE /api/Webhook/{id}", () => {
  it("gets one webhook, deletes it returning the deleted object, then 404s", async () => {
    const { sim, token, post } = await setup();
    const created = (await (await post([base])).json()) as WebhookRow;
    const one = (await (await api(sim, token, `/api/Webhook/${created.id}`)).json()) as WebhookRow;
    expect(one.id).toBe(created.id);
    expect(one.basic_password).toBeUndefined();

    const deleted = await api(sim, token, `/api/Webhook/${created.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as WebhookRow).id).toBe(created.id);
    expect((await api(sim, token, `/api/Webhook/${created.id}`)).status).toBe(404);
    expect((await api(sim, token, `/api/Webhook/${created.id}`, { method: "DELETE" })).status).toBe(404);
    expect(await (await api(sim, token, "/api/Webhook")).json()).toEqual([]);
  });
});

describe("GET /api/Webhook", () => {
  it("lists every webhook as a bare array with its URL and without passwords, so a client can find its own", async () => {
    const { sim, token, post } = await setup();
    await post([base, { ...base, url: "https://other.example/hook" }]);
    const listed = (await (await api(sim, token, "/api/Webhook")).json()) as WebhookRow[];
    expect(listed.map((row) => row.url).sort()).toEqual([base.url, "https://other.example/hook"].sort());
    expect(listed.every((row) => row.basic_password === undefined && row.basic_password_set)).toBe(true);
  });
});
