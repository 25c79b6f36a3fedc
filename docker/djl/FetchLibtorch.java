/**
 * Run at image build time (java FetchLibtorch.java, JDK source launcher) with PYTORCH_FLAVOR and
 * DJL_CACHE_DIR set: starting DJL's PyTorch engine downloads that libtorch build into the cache,
 * so the running image needs no network (-Dai.djl.offline=true).
 */
public class FetchLibtorch {
  public static void main(String[] args) {
    try {
      ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
      System.out.println("PyTorch " + engine.getVersion() + " loaded; GPUs visible at build time: " + engine.getGpuCount());
    } catch (Throwable e) { // no GPU driver while building: the files are in the cache all the same
      System.out.println("engine did not start at build time (" + e + "); checking the cache instead");
    }
  }
}
