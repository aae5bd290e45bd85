package dev.verdict.common.config;

/** Where MongoDB is. Key prefix {@code mongo.}. */
public record MongoConfig(String uri, String database) {
  public static final String DEFAULT_URI = "mongodb://127.0.0.1:27017";
  public static final String DEFAULT_DATABASE = "verdict";

  public MongoConfig {
    uri = Check.nonBlank("mongo.uri", uri, DEFAULT_URI);
    if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
      throw new ConfigException(
          "mongo.uri must start with mongodb:// or mongodb+srv://, was " + uri);
    }
    database = Check.namePart("mongo.database", database, DEFAULT_DATABASE);
  }

  public static MongoConfig defaults() {
    return new MongoConfig(null, null);
  }
}
