package dev.scenelabeler.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TCP sockets a process listens on, as {@code ss -ltnp} shows them, read from Linux's {@code
 * /proc}: LISTEN entries of {@code /proc/net/tcp} and {@code tcp6} whose socket inode is among the
 * process's open file descriptors.
 */
public final class ListeningSockets {

  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** One listening socket: the address it is bound to and its port. */
  public record Listener(InetAddress address, int port) {
    public boolean loopback() {
      return address.isLoopbackAddress();
    }

    @Override
    public String toString() {
      return address.getHostAddress() + ":" + port;
    }
  }

  /** Whether this machine has {@code /proc/net/tcp} (Linux); tests skip elsewhere. */
  public static boolean supported() {
    return Files.isReadable(Path.of("/proc/net/tcp"))
        && Files.isDirectory(Path.of("/proc/self/fd"));
  }

  /** The listening sockets of process {@code pid} (its own network namespace's view). */
  public static Set<Listener> of(long pid) {
    Map<Long, Listener> byInode = new HashMap<>();
    readTable(Path.of("/proc/" + pid + "/net/tcp"), byInode);
    readTable(Path.of("/proc/" + pid + "/net/tcp6"), byInode);
    Set<Listener> owned = new HashSet<>();
    for (long inode : socketInodes(pid)) {
      Listener listener = byInode.get(inode);
      if (listener != null) {
        owned.add(listener);
      }
    }
    return owned;
  }

  /** The listening sockets of this JVM. */
  public static Set<Listener> ofThisProcess() {
    return of(ProcessHandle.current().pid());
  }

  private static void readTable(Path table, Map<Long, Listener> byInode) {
    if (!Files.isReadable(table)) {
      return; // no IPv6
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout
    // inode"
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[3].equals(LISTEN)) {
        continue;
      }
      String[] local = f[1].split(":");
      byInode.put(
          Long.parseLong(f[9]), new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
    }
  }

  /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
  static InetAddress address(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = (word * 4 + (3 - i)) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes); // an IPv4-mapped IPv6 address comes back as IPv4
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad address " + hex, e);
    }
  }

  private static Set<Long> socketInodes(long pid) {
    Set<Long> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          continue;
        }
        if (target.startsWith("socket:[")) {
          inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the open files of process " + pid, e);
    }
    return inodes;
  }
}
