package dev.verdict.common.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.verdict.common.config.MongoConfig;
import java.util.concurrent.TimeUnit;

/** Opens the MongoDB client every component uses: the official sync driver, fast failure. */
public final class MongoConnections {
  private MongoConnections() {}

  public static MongoClient open(MongoConfig config, String applicationName) {
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(config.uri()))
            .applicationName(applicationName)
            .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
            .applyToSocketSettings(
                b -> b.connectTimeout(5, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS))
            .applyToConnectionPoolSettings(b -> b.maxSize(200).maxWaitTime(10, TimeUnit.SECONDS))
            .build();
    return MongoClients.create(settings);
  }
}
