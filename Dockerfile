# One image for every Verdict service; the command picks the jar. Build the jars first
# (./mvnw -DskipTests package), then: docker build -t verdict .
FROM eclipse-temurin:21-jdk
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      bubblewrap gcc g++ libc6-dev python3 nodejs util-linux \
 && rm -rf /var/lib/apt/lists/*
COPY api/target/api-*-all.jar /opt/verdict/api.jar
COPY dispatcher/target/dispatcher-*-all.jar /opt/verdict/dispatcher.jar
COPY grader-worker/target/grader-worker-*-all.jar /opt/verdict/grader-worker.jar
COPY examples/problems /opt/verdict/problems
WORKDIR /opt/verdict
