package dev.verdict.worker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The local Docker engine, reached through docker-java over its unix socket. The default sandbox
 * image is an empty root whose /usr (and /bin, /lib... as the host has them) and /etc/ld.so.cache
 * are bound read-only from the host, exactly what the other backends show a run; {@code
 * images/images.sh} imports it from a few kilobytes of directories and links ({@code
 * image_sandbox_root}), so no registry is needed.
 */
public final class DockerEngine implements AutoCloseable {
  /** The entries of / that are symlinks into /usr on merged-/usr systems, else bound read-only. */
  static final List<String> ROOT_ENTRIES =
      List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32");

  private final DockerClient client;
  private final String host;

  /**
   * @param host the engine's socket, {@code unix:///var/run/docker.sock}
   */
  public DockerEngine(String host) {
    this.host = host;
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    ZerodepDockerHttpClient http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .maxConnections(32)
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofMinutes(2))
            .build();
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
