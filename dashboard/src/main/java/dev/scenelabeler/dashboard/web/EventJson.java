package dev.scenelabeler.dashboard.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scenelabeler.dashboard.feed.FrameUpdate;
import dev.scenelabeler.dashboard.feed.MaskUpdate;
import dev.scenelabeler.dashboard.state.CameraView;
import dev.scenelabeler.dashboard.state.ClassShares;
import dev.scenelabeler.dashboard.state.DashboardTick;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * The JSON the page reads. Images travel base64-encoded inside the event, so the page draws a frame
 * and its mask together from one message; the mask stays the record's own class-index PNG and the
 * page colours it with the record's palette.
 */
final class EventJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private EventJson() {}

  static String tick(DashboardTick tick) {
    return write(tick);
  }

  static String view(CameraView view) {
    MaskUpdate mask = view.mask();
    ObjectNode json = MAPPER.createObjectNode();
    json.put("camera", mask.camera());
    json.put("sequence", mask.sequence());
    json.put("captureTimestampMs", mask.frameTimestampMs());
    json.put("recordTimestampMs", mask.recordTimestampMs());
    json.put("width", mask.width());
    json.put("height", mask.height());
    json.put("maskPng", BASE64.encodeToString(mask.classIndexPng()));
    ArrayNode names = json.putArray("classNames");
    mask.classNames().forEach(names::add);
    ArrayNode palette = json.putArray("palette");
    for (int rgb : mask.paletteRgb()) {
      palette.add(String.format("#%06x", rgb & 0xFFFFFF));
    }
    ObjectNode shares = json.putObject("shares");
    ClassShares.of(mask.classNames(), mask.classFractions()).forEach(shares::put);
    json.put("confidence", mask.meanConfidence());
    if (view.frame().isPresent()) {
      FrameUpdate frame = view.frame().get();
      ObjectNode frameJson = json.putObject("frame");
      frameJson.put("sequence", frame.sequence());
      frameJson.put("mime", frame.imageMime());
      frameJson.put("data", BASE64.encodeToString(frame.image()));
    } else {
      json.putNull("frame");
    }
    return write(json);
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("could not write dashboard event as JSON", e);
    }
  }
}
