package dev.verdict.loadgen.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.loadgen.workload.SourceFileSpec;
import dev.verdict.loadgen.workload.Workload;
import dev.verdict.loadgen.workload.WorkloadEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A workload whose request bodies are serialised once, up front, to keep load-gen's CPU low. */
final class PreparedWorkload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Workload workload;
  private final Map<WorkloadEntry, Prepared> prepared = new LinkedHashMap<>();

  /** One entry and the JSON body of its POST. */
  static final class Prepared {
    private final WorkloadEntry entry;
    private final byte[] body;

    Prepared(WorkloadEntry entry, byte[] body) {
      this.entry = entry;
      this.body = body;
    }

    WorkloadEntry entry() {
      return entry;
    }

    /** The serialised request; shared, never to be modified. */
    byte[] body() {
      return body;
    }
  }

  PreparedWorkload(Workload workload) {
    this.workload = workload;
    for (WorkloadEntry entry : workload.entries()) {
      prepared.put(entry, new Prepared(entry, body(entry)));
    }
  }

  Prepared pick(Random random) {
    return prepared.get(workload.pick(random));
  }

  static byte[] body(WorkloadEntry entry) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("problem", entry.problem());
    request.put("language", entry.language());
    List<Map<String, String>> files =
        entry.files().stream()
            .map((SourceFileSpec f) -> Map.of("name", f.name(), "content", f.content()))
            .toList();
    request.put("files", files);
    try {
      return JSON.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a submission of " + entry.label(), e);
    }
  }
}
