#!/bin/sh
# Starts the service's jar with the JVM options in VERDICT_JAVA_OPTS (not a configuration key).
# why: exec, so the JVM is the container's main process and receives its SIGTERM.
exec java ${VERDICT_JAVA_OPTS:--XX:+UseSerialGC -Xss512k} -jar /opt/verdict/service.jar "$@"
