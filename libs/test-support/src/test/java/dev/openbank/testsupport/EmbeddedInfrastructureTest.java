package dev.openbank.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedInfrastructureTest {

  private static Connection connect(ServiceDatabase db) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }

  @Test
  void eachServiceRoleOwnsItsSchemaAndCannotTouchAnother() throws SQLException {
    ServiceDatabase alpha = EmbeddedPostgresServer.provision("alpha_svc");
    ServiceDatabase beta = EmbeddedPostgresServer.provision("beta_svc");

    try (Connection a = connect(alpha);
        Statement st = a.createStatement()) {
      st.execute("CREATE TABLE secrets (v text)");
      st.execute("INSERT INTO secrets VALUES ('alpha-only')");
      ResultSet rs = st.executeQuery("SELECT current_schema()");
      rs.next();
      assertEquals("alpha_svc", rs.getString(1));
    }
    try (Connection b = connect(beta);
        Statement st = b.createStatement()) {
      SQLException denied =
          assertThrows(
              SQLException.class, () -> st.executeQuery("SELECT * FROM alpha_svc.secrets"));
      assertEquals("42501", denied.getSQLState(), "insufficient_privilege expected");
      assertThrows(SQLException.class, () -> st.execute("CREATE TABLE public.leak (v text)"));
    }
  }

  @Test
  void provisioningTwiceIsIdempotent() throws SQLException {
    ServiceDatabase first = EmbeddedPostgresServer.provision("gamma_svc");
    ServiceDatabase second = EmbeddedPostgresServer.provision("gamma_svc");
    assertEquals(first, second);
    try (Connection c = connect(second)) {
      assertTrue(c.isValid(2));
    }
  }

  @Test
  void rejectsNamesThatAreNotPlainIdentifiers() {
    assertThrows(
        IllegalArgumentException.class, () -> EmbeddedPostgresServer.provision("x; DROP ROLE y"));
  }

  @Test
  void kafkaBrokerRoundTripsARecord() {
    String servers = EmbeddedKafkaBroker.bootstrapServers();
    Properties p = new Properties();
    p.put("bootstrap.servers", servers);
    try (var producer =
        new KafkaProducer<String, String>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("probe", "k1", "hello")).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Properties c = new Properties();
    c.putAll(
        Map.of(
            "bootstrap.servers", servers,
            "group.id", "probe-group",
            "auto.offset.reset", "earliest"));
    try (var consumer =
        new KafkaConsumer<String, String>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("probe"));
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          var record = records.iterator().next();
          assertEquals("k1", record.key());
          assertEquals("hello", record.value());
          return;
        }
      }
      throw new AssertionError("record not consumed within 20 s");
    }
  }
}
