// The reference client: PouchDB (npm, in node) against the same server.
//   node pouchdb_reference.js replicate URL DB   -> {id: {winner, leaves, revisions}} of a local replica
//   node pouchdb_reference.js conflict URL DB ID -> writes a sibling revision of ID's first revision
// URL carries admin credentials (http://name:password@host:port).
const PouchDB = require("pouchdb-node");
const fs = require("fs");
const [mode, url, db, id] = process.argv.slice(2);
const remote = new PouchDB(`${url}/${db}`, { skip_setup: true });

async function replicate() {
  const dir = fs.mkdtempSync(`${process.env.TMPDIR || "/tmp"}/pouchdb-`);
  const local = new PouchDB(`${dir}/replica`);
  await PouchDB.replicate(remote, local);
  const out = {};
  const all = await local.allDocs();
  for (const row of all.rows) {
    if (row.id.startsWith("_design/")) continue;
    const doc = await local.get(row.id, { revs: true, conflicts: true });
    const leaves = (await local.get(row.id, { open_revs: "all" }))
      .filter((r) => r.ok && !r.ok._deleted)
      .map((r) => r.ok._rev)
      .sort();
    out[row.id] = { winner: doc._rev, leaves, revisions: doc._revisions, annotations: (doc.glossa && doc.glossa.annotations || []).length };
  }
  await local.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

async function conflict() {
  const doc = await remote.get(id, { revs: true });
  const first = `1-${doc._revisions.ids[doc._revisions.ids.length - 1]}`;
  const sibling = { ...doc, note: "written by another device", _rev: "2-ffffffffffffffffffffffffffffffff" };
  sibling._revisions = { start: 2, ids: ["ffffffffffffffffffffffffffffffff", first.slice(2)] };
  sibling.glossa = { ...doc.glossa, annotations: doc.glossa.annotations.slice(0, 3) };
  await remote.bulkDocs([sibling], { new_edits: false });
  return { written: sibling._rev };
}

(mode === "replicate" ? replicate() : conflict())
  .then((out) => console.log(JSON.stringify(out)))
  .catch((e) => {
    console.error(`pouchdb: ${e.message || e}`);
    process.exit(1);
  });
