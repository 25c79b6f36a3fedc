package dev.scenelabeler.app.cli;

import picocli.CommandLine;

/** Reports the version Maven wrote into the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = SceneLabelerCli.class.getPackage().getImplementationVersion();
    return new String[] {"scene-labeler " + (version == null ? "(development build)" : version)};
  }
}
