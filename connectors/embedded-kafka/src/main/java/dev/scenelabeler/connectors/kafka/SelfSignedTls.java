package dev.scenelabeler.connectors.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a broker certificate for 127.0.0.1 signed by it, made with the JDK's
 * {@code keytool} (no other tool or library): the broker's PKCS12 key store, and the CA as a PEM
 * file for clients' {@code ssl.truststore.location} (type PEM, so no trust store password).
 *
 * @param brokerKeyStore PKCS12 with the broker's key and its chain
 * @param keyStorePassword the key store's and the key's password
 * @param caCertificate the CA certificate, PEM
 */
public record SelfSignedTls(Path brokerKeyStore, String keyStorePassword, Path caCertificate) {

  private static final String SAN = "SAN=IP:" + BrokerConfig.HOST + ",DNS:localhost";

  /** Makes the files in {@code dir} (created), valid for two days. */
  public static SelfSignedTls generate(Path dir, String password) {
    try {
      Files.createDirectories(dir);
      Path ca = dir.resolve("ca.p12");
      Path caPem = dir.resolve("ca.pem");
      Path broker = dir.resolve("broker.p12");
      Path csr = dir.resolve("broker.csr");
      Path brokerPem = dir.resolve("broker.pem");
      String ks = "-storepass";
      genKeyPair(ca, "ca", "CN=scene-labeler test CA", "bc:c", password);
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          ca.toString(),
          ks,
          password,
          "-file",
          caPem.toString());
      genKeyPair(broker, "broker", "CN=" + BrokerConfig.HOST, SAN, password);
      keytool(
          "-certreq",
          "-alias",
          "broker",
          "-keystore",
          broker.toString(),
          ks,
          password,
          "-file",
          csr.toString());
      keytool(
          "-gencert",
          "-rfc",
          "-alias",
          "ca",
          "-keystore",
          ca.toString(),
          ks,
          password,
          "-infile",
          csr.toString(),
          "-outfile",
          brokerPem.toString(),
          "-ext",
          SAN,
          "-validity",
          "2");
      keytool(
          "-importcert",
          "-noprompt",
          "-alias",
          "ca",
          "-file",
          caPem.toString(),
          "-keystore",
          broker.toString(),
          ks,
          password);
      keytool(
          "-importcert",
          "-alias",
          "broker",
          "-file",
          brokerPem.toString(),
          "-keystore",
          broker.toString(),
          ks,
          password);
      return new SelfSignedTls(broker, password, caPem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TLS files in " + dir, e);
    }
  }

  /** A new RSA key pair and its self-signed certificate in a new PKCS12 store. */
  private static void genKeyPair(
      Path store, String alias, String name, String extension, String password) throws IOException {
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        name,
        "-ext",
        extension,
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        password);
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        // The command line holds the store password: name the step, not the arguments.
        throw new IOException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while running keytool " + args[0], e);
    }
  }
}
