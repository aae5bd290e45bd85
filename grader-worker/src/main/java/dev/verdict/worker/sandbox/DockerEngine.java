package dev.verdict.worker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.verdict.common.config.WorkerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The local Docker engine, reached through docker-java over its unix socket. The default sandbox
 * image is an empty root whose /usr (and /bin, /lib... as the host has them) and /etc/ld.so.cache
 * are bound read-only from the host, exactly what the other backends show a run; {@code
 * images/images.sh} imports it from a few kilobytes of directories and links ({@code
 * image_sandbox_root}), so no registry is needed.
 *
 * <p>It also keeps what the worker's sandboxes share on the engine: the bound on containers being
 * created at once ({@code worker.dockerCreateConcurrency}), and which containers they hold, so that
 * {@link #sweep} can tell a live sandbox's container from a leftover.
 */
public final class DockerEngine implements AutoCloseable {
  /** The entries of / that are symlinks into /usr on merged-/usr systems, else bound read-only. */
  static final List<String> ROOT_ENTRIES =
      List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");

  /** The label naming the worker process that made a container: host name, pid, start time. */
  static final String LABEL_PROCESS = "dev.verdict.sandbox.process";

  /** How long a container may take to be created and started before a sweep may remove it. */
  static final Duration CREATION_GRACE = Duration.ofMinutes(5);

  private final DockerClient client;
  private final DockerHttpClient http;
  private final String host;
  private final Semaphore creations;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final String process = processLabel(ProcessHandle.current());

  /**
   * @param host the engine's socket, {@code unix:///var/run/docker.sock}
   */
  public DockerEngine(String host) {
    this(host, WorkerConfig.DEFAULT_DOCKER_CREATE_CONCURRENCY);
  }

  /**
   * @param host the engine's socket, {@code unix:///var/run/docker.sock}
   * @param createConcurrency the most containers created and started at once
   */
  public DockerEngine(String host, int createConcurrency) {
    this.host = host;
    this.creations = new Semaphore(createConcurrency, true);
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    ZerodepDockerHttpClient http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .maxConnections(32)
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofMinutes(2))
            .build();
    this.http = http;
    this.client = DockerClientImpl.getInstance(config, http);
  }

  /** The engine's client, for the sandbox and the benchmarks of its designs. */
  public DockerClient client() {
    return client;
  }

  /**
   * Checks that the engine answers and has {@code image}.
   *
   * @throws SandboxException (not retryable) when the engine does not answer or lacks the image
   */
  public void requireImage(String image) {
    try {
      client.inspectImageCmd(image).exec();
    } catch (NotFoundException e) {
      throw new SandboxException(
          "the Docker engine at "
              + host
              + " has no image "
              + image
              + "; ./verdict images (images/images.sh, image_sandbox_root) imports the sandbox"
              + " root",
          false,
          e);
    } catch (RuntimeException e) {
      throw new SandboxException(
          "the Docker engine at " + host + " does not answer: " + e, false, e);
    }
  }

  /**
   * Runs {@code create}, which creates and starts one container, once fewer than the bound are
   * being created.
   *
   * @throws SandboxException (retryable) when interrupted while waiting
   */
  <T> T creating(Supplier<T> create) {
    try {
      creations.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while waiting to create a container", true, e);
    }
    try {
      return create.get();
    } finally {
      creations.release();
    }
  }

  /** The value of {@link #LABEL_PROCESS} for this process's containers. */
  String processLabel() {
    return process;
  }

  /** Notes that a live sandbox of this process holds container {@code id}, or no longer does. */
  void hold(String id, boolean holding) {
    if (holding) {
      held.add(id);
    } else {
      held.remove(id);
    }
  }

  /**
   * Removes the containers labelled with {@code owner} that no live sandbox holds: those made by a
   * worker process of this host that no longer runs (killed, crashed), and those of this process
   * that none of its sandboxes holds once {@link #CREATION_GRACE} has passed since their creation
   * (a removal that failed, a creation interrupted half-way). A slot's container lives as long as
   * its worker, so the age of a container says nothing on its own.
   *
   * @return the ids of the containers removed
   */
  public List<String> sweep(String owner) {
    List<String> removed = new ArrayList<>();
    long graceStart = System.currentTimeMillis() / 1000 - CREATION_GRACE.toSeconds();
    List<Container> containers =
        client
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(DockerSandbox.LABEL_OWNER, owner))
            .exec();
    for (Container container : containers) {
      String madeBy = container.getLabels().getOrDefault(LABEL_PROCESS, "");
      boolean leftover =
          madeBy.equals(process)
              ? !held.contains(container.getId()) && container.getCreated() < graceStart
              : deadProcessOfThisHost(madeBy);
      if (leftover) {
        try {
          client
              .removeContainerCmd(container.getId())
              .withForce(true)
              .withRemoveVolumes(true)
              .exec();
          removed.add(container.getId());
        } catch (NotFoundException e) {
          // why: removed meanwhile, by its own worker or another sweep.
        }
      }
    }
    return removed;
  }

  /** {@code host:pid:startMillis} of a process. */
  static String processLabel(ProcessHandle process) {
    long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return hostName() + ":" + process.pid() + ":" + started;
  }

  /**
   * Whether {@code label} names a process of this host that no longer runs. A label of another
   * host, or of another form, names no process this host can check: it is left alone.
   */
  private static boolean deadProcessOfThisHost(String label) {
    String[] parts = label.split(":", -1);
    if (parts.length != 3 || !parts[0].equals(hostName())) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    return ProcessHandle.of(pid).map(p -> !processLabel(p).equals(label)).orElse(true);
  }

  private static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /**
   * Imports {@code tar}, a root file system, as the image {@code repository:tag}, as {@code docker
   * import} does. Through the engine's API directly: docker-java's own import ({@code
   * createImageCmd(repository, stream)}, 3.7.0) sends the stream through its JSON encoder, so the
   * engine gets a few bytes of JSON instead of the archive and answers "Error processing tar file
   * (exit status 1): unexpected EOF".
   *
   * @throws SandboxException (not retryable) when the engine refuses it
   */
  public void importImage(String repository, String tag, byte[] tar) {
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.POST)
            .path(
                "/images/create?fromSrc=-&repo="
                    + URLEncoder.encode(repository, StandardCharsets.UTF_8)
                    + "&tag="
                    + URLEncoder.encode(tag, StandardCharsets.UTF_8))
            .putHeader("Content-Type", "application/x-tar")
            .body(new ByteArrayInputStream(tar))
            .build();
    try (DockerHttpClient.Response response = http.execute(request)) {
      String answer = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (response.getStatusCode() != 200 || answer.contains("\"error")) {
        throw new SandboxException(
            "the Docker engine at "
                + host
                + " did not import "
                + repository
                + ":"
                + tag
                + " ("
                + response.getStatusCode()
                + "): "
                + answer.strip(),
            false,
            null);
      }
    } catch (IOException e) {
      throw new SandboxException("importing " + repository + ":" + tag + " failed: " + e, false, e);
    }
  }

  /**
   * Imports the default sandbox image ({@link SandboxRootImage}) unless the engine has it.
   *
   * @throws SandboxException (not retryable) when the engine does not answer or refuses it
   */
  public void ensureSandboxRoot() {
    try {
      client.inspectImageCmd(WorkerConfig.DEFAULT_DOCKER_IMAGE).exec();
      return;
    } catch (NotFoundException e) {
      // why: missing: imported below.
    } catch (RuntimeException e) {
      throw new SandboxException(
          "the Docker engine at " + host + " does not answer: " + e, false, e);
    }
    String[] name = WorkerConfig.DEFAULT_DOCKER_IMAGE.split(":", 2);
    importImage(name[0], name[1], SandboxRootImage.tar());
  }

  /** The host's root entries that are real directories, to be bound read-only. */
  static List<String> boundRootEntries() {
    List<String> bound = new ArrayList<>();
    for (String entry : ROOT_ENTRIES) {
      Path path = Path.of(entry);
      if (!Files.isSymbolicLink(path) && Files.isDirectory(path)) {
        bound.add(entry);
      }
    }
    return bound;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // why: closing frees connections only; nothing is lost when it fails.
    }
  }
}
