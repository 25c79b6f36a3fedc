package dev.scenelabeler.connectors.records;

/** How a frame's image is encoded; the code is the byte written in the record. */
public enum ImageEncoding {
  JPEG(1, ".jpg"),
  PNG(2, ".png");

  private final int code;
  private final String extension;

  ImageEncoding(int code, String extension) {
    this.code = code;
    this.extension = extension;
  }

  public int code() {
    return code;
  }

  /** File extension, also what OpenCV's imencode takes to pick the codec. */
  public String extension() {
    return extension;
  }

  public static ImageEncoding fromCode(int code) {
    for (ImageEncoding encoding : values()) {
      if (encoding.code == code) {
        return encoding;
      }
    }
    throw new RecordFormatException(
        "unknown image encoding code " + code + " (known: 1 = JPEG, 2 = PNG)");
  }
}
