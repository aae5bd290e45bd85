package dev.verdict.common.blob;

/**
 * Where files are read by their SHA-256: the GridFS {@link BlobStore} in a deployment, or content
 * held in memory where no store runs.
 */
@FunctionalInterface
public interface BlobSource {

  /**
   * The content stored under {@code sha256}, verified: it hashes to that id.
   *
   * @param sha256 the lower- or upper-case hex SHA-256 of the content
   * @throws BlobNotFoundException when nothing is stored under the id
   * @throws BlobCorruptedException when what is stored does not hash to the id
   */
  byte[] get(String sha256);
}
