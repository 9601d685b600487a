// A whole Bluesky network (PLC + PDS + AppView + bsync + Ozone) from @atproto/dev-env, on
// 127.0.0.1 (loopback.mjs forces every listen there), without mock data. Ports from
// CARE_BSKY_PORT_BASE (PLC), +1 PDS, +2 AppView, +5 Ozone. Prints one line READY {...}.
// env: DB_POSTGRES_URL, REDIS_HOST, CARE_BSKY_PORT_BASE
import { TestNetwork } from '@atproto/dev-env';
const t0 = Date.now();
const base = Number(process.env.CARE_BSKY_PORT_BASE || 42582);
const schema = 'run_' + Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 10);
const net = await TestNetwork.create({
  dbPostgresSchema: schema,
  plc: { port: base },
  pds: { port: base + 1, hostname: 'localhost' },
  bsky: { port: base + 2, publicUrl: `http://localhost:${base + 2}` },
  ozone: { port: base + 5, chatUrl: `http://localhost:${base + 8}`, chatDid: 'did:example:chat' },
});
console.log('READY ' + JSON.stringify({ plc: net.plc.url, pds: net.pds.url, appview: net.bsky.url,
  schema, startup_ms: Date.now() - t0 }));
const stop = async () => { await net.close(); process.exit(0); };
process.on('SIGTERM', stop); process.on('SIGINT', stop);
