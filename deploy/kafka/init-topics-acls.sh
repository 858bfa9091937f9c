#!/bin/sh
# kafka-init: one inbox topic per node and the ACLs that make each inbox readable only by its
# node. Idempotent: topics are created if missing and adding an existing ACL changes nothing.
#   node N may  Read+Describe  topic ketnoi.v1.inbox.N and group ketnoi.inbound.N (its inbound consumer)
#   node N may  Write+Describe topic ketnoi.v1.inbox.M for every other node M (its relay)
#   nothing else: no Create, no other group, no other inbox (allow.everyone.if.no.acl.found=false)
set -eu
: "${KAFKA_BOOTSTRAP:?}" "${KAFKA_ADMIN_PASSWORD:?}" "${KETNOI_NODES:?}"
partitions="${KETNOI_INBOX_PARTITIONS:-6}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
config="${ADMIN_CONFIG:-/tmp/admin.properties}"
cat >"$config" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
PROPS

tries=0
until "$bin/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$config" --list >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -ge 60 ] && { echo "kafka-init: cluster at $KAFKA_BOOTSTRAP not answering after 120 s" >&2; exit 1; }
  sleep 2
done

acl() { "$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$config" --add "$@" >/dev/null; }

for node in $KETNOI_NODES; do
  # Replication 3 and min.insync.replicas 2 with the relay's acks=all: an acknowledged event
  # survives the loss of any one broker.
  "$bin/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$config" \
    --create --if-not-exists --topic "ketnoi.v1.inbox.$node" \
    --partitions "$partitions" --replication-factor 3 --config min.insync.replicas=2
  acl --allow-principal "User:$node" --operation Read --operation Describe --topic "ketnoi.v1.inbox.$node"
  acl --allow-principal "User:$node" --operation Read --operation Describe --group "ketnoi.inbound.$node"
  for other in $KETNOI_NODES; do
    [ "$other" = "$node" ] && continue
    acl --allow-principal "User:$node" --operation Write --operation Describe --topic "ketnoi.v1.inbox.$other"
  done
  echo "kafka-init: ketnoi.v1.inbox.$node ($partitions partitions) readable by $node only"
done
"$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$config" --list
