#!/bin/sh
# node-keys: each node's Ed25519 key via `ketnoi keys generate` (an existing key is kept: a new
# one would orphan every signature the node made), then the shared trust registry
# {"<nodeId>": {"name": ..., "publicKey": "<SPKI PEM>"}} from their public keys.
# In a real federation each city generates its key on its own machine and sends only the public
# key; this one-host demo does it in one place.
set -eu
: "${KETNOI_NODES:?}"
nodes_dir="${NODES_DIR:-/nodes}"
trust_dir="${TRUST_DIR:-/trust}"
ketnoi="${KETNOI_BIN:-/app/bin/ketnoi.js}"
for node in $KETNOI_NODES; do
  if [ -f "$nodes_dir/$node/node.key" ]; then
    echo "node-keys: kept $nodes_dir/$node/node.key"
  else
    node "$ketnoi" keys generate --data-dir "$nodes_dir/$node" >/dev/null
  fi
  # The hub runs as the image's `node` user; the key stays 0600, readable by that user only.
  if [ "$(id -u)" = 0 ] && id node >/dev/null 2>&1; then chown -R node:node "$nodes_dir/$node"; fi
done
NODES_DIR="$nodes_dir" TRUST_DIR="$trust_dir" node --input-type=module -e '
  import { createPublicKey } from "node:crypto";
  import { readFileSync, writeFileSync, renameSync } from "node:fs";
  const names = { "vn-hue": "Thừa Thiên Huế Provincial People’s Committee", "fr-nevers": "Ville de Nevers",
    "kr-koica": "Korea International Cooperation Agency" };
  const registry = {};
  for (const node of process.env.KETNOI_NODES.split(/\s+/).filter(Boolean)) {
    const key = readFileSync(`${process.env.NODES_DIR}/${node}/node.key`, "utf8");
    registry[node] = { name: names[node] ?? node, publicKey: createPublicKey(key).export({ type: "spki", format: "pem" }) };
  }
  const trust = `${process.env.TRUST_DIR}/trust.json`;
  writeFileSync(`${trust}.tmp`, JSON.stringify(registry, null, 2) + "\n", { mode: 0o644 });
  renameSync(`${trust}.tmp`, trust);
  console.log(`node-keys: ${trust} lists ${Object.keys(registry).join(", ")}`);
'
