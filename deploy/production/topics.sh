#!/bin/sh
# Create the pipeline's topics: articles.raw and alerts with
# PARTITIONS partitions, articles.enriched and articles.dlq with one, as pipeline/topics.py
# declares them (the worker and the producer create missing topics too, but
# with the broker's defaults for everything else: this script also sets
# min.insync.replicas and the dead-letter retention, and works for a broker
# where the pipeline's own principal may not create topics).
#
# The environment variables are the ones pipeline/settings.py reads, so the
# same values configure this script and the worker:
#   KAFKA_BOOTSTRAP  broker address                          (default kafka:9092)
#   TOPIC_PREFIX     prefix of every topic name               (default empty)
#   PARTITIONS       partitions of raw and alerts             (default 4)
#   REPLICATION      replication factor                       (default 1)
# and, for this script only:
#   KAFKA_BIN            directory of kafka-topics.sh         (default /opt/kafka/bin)
#   KAFKA_COMMAND_CONFIG client properties file for a secured broker
#                        (security.protocol, sasl.*, ssl.*), passed as --command-config
#   MIN_INSYNC_REPLICAS  min.insync.replicas of the topics    (default: REPLICATION-1, at least 1)
#   DLQ_RETENTION_MS     retention of the dead-letter topic   (default 30 days)
#
# Safe to re-run: an existing topic is left alone, but if its partition count
# differs from the declared one the script fails and says so, because Faust
# workers expect the topics they join to have exactly that count.
set -eu

BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
PREFIX="${TOPIC_PREFIX:-}"
PARTITIONS="${PARTITIONS:-4}"
REPLICATION="${REPLICATION:-1}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
DLQ_RETENTION_MS="${DLQ_RETENTION_MS:-2592000000}"

if [ -z "${MIN_INSYNC_REPLICAS:-}" ]; then
    MIN_INSYNC_REPLICAS=$((REPLICATION - 1))
    [ "$MIN_INSYNC_REPLICAS" -ge 1 ] || MIN_INSYNC_REPLICAS=1
fi

kafka_topics() {
    if [ -n "${KAFKA_COMMAND_CONFIG:-}" ]; then
        "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" \
            --command-config "$KAFKA_COMMAND_CONFIG" "$@"
    else
        "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" "$@"
    fi
}

partition_count() {
    kafka_topics --describe --topic "$1" \
        | sed -n 's/.*PartitionCount:[[:space:]]*\([0-9][0-9]*\).*/\1/p' \
        | head -n 1
}

status=0

# ensure NAME PARTITIONS [--config k=v ...]
ensure() {
    topic="$PREFIX$1"
    want="$2"
    shift 2
    kafka_topics --create --if-not-exists --topic "$topic" \
        --partitions "$want" --replication-factor "$REPLICATION" \
        --config "min.insync.replicas=$MIN_INSYNC_REPLICAS" "$@"

    actual="$(partition_count "$topic")"
    if [ "$actual" != "$want" ]; then
        echo "topics.sh: $topic has ${actual:-unknown} partitions, $want expected." >&2
        echo "  Either match PARTITIONS to the topic or grow the topic (keys move partitions):" >&2
        echo "  kafka-topics.sh --bootstrap-server $BOOTSTRAP --alter --topic $topic --partitions $want" >&2
        status=1
    else
        echo "topics.sh: $topic ready ($actual partitions, replication $REPLICATION)"
    fi
}

ensure articles.raw "$PARTITIONS"
ensure articles.enriched 1
ensure alerts "$PARTITIONS"
# Dead letters wait for a person: one partition (pipeline/topics.py), kept
# longer than the broker's 7-day default.
ensure articles.dlq 1 --config "retention.ms=$DLQ_RETENTION_MS"

exit "$status"
