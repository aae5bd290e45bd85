#!/bin/sh
# Writes RabbitMQ's configuration from the environment, then runs the broker in the foreground.
set -eu
cat >"$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.1 = $RABBITMQ_BIND:$RABBITMQ_PORT
management.tcp.ip = $RABBITMQ_BIND
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
CONF
# why: the distribution port (for the CLI tools) defaults to the AMQP port + 20000 on all
# addresses; keep it on the same address as everything else.
export RABBITMQ_DIST_PORT="${RABBITMQ_DIST_PORT:-$((RABBITMQ_PORT + 20000))}"
export RABBITMQ_NODE_IP_ADDRESS="$RABBITMQ_BIND"
export RABBITMQ_SERVER_START_ARGS="-kernel inet_dist_use_interface {$(echo "$RABBITMQ_BIND" | tr . ,)}"
exec /usr/lib/rabbitmq/bin/rabbitmq-server
