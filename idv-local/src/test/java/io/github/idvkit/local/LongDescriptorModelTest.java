package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.UserId;
import io.github.idvkit.spi.SearchResult;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A descriptor model of another length than dlib's runs end to end: loaded from a path, embedded,
 * indexed, searched, and found again after a restart. No registry package ships a 512-value face
 * model, so the test writes a tiny ONNX model itself (mean colour of the chip times a fixed
 * 3x512 matrix, cosine metric): useless for recognition, exact for the plumbing.
 */
class LongDescriptorModelTest {

  private static final int DIMENSIONS = 512;

  @TempDir Path dir;

  @Test
  void aModelOf512Values_indexesSearchesAndReloads() throws Exception {
    DescriptorModel model = DescriptorModel.load(writeModel(dir.resolve("model")));

    try (LocalFaceEngine engine = LocalFaceEngine.builder().descriptorModel(model).build()) {
      try (LocalFaceIndex index = index(engine)) {
        index.createCollection();
        assertThat(index.index(UserId.of("eileen"), TestPhotos.ASTRONAUT.image()).indexed()).isPresent();
      }
      try (LocalFaceIndex index = index(engine)) { // a restart: the journal holds 512-value entries
        SearchResult result = index.search(TestPhotos.ASTRONAUT.image(), 5);

        assertThat(model.embeddingSize()).isEqualTo(DIMENSIONS);
        assertThat(result.matches()).hasSize(1);
        assertThat(result.matches().get(0).userId()).isEqualTo(UserId.of("eileen"));
        assertThat(result.matches().get(0).similarity().scale()).contains(model.scale());
      }
    }
  }

  private LocalFaceIndex index(LocalFaceEngine engine) {
    return LocalFaceIndex.builder().engine(engine).directory(dir.resolve("index")).collectionId("c").build();
  }

  /** Writes the ONNX model and its description; returns the description. */
  private static Path writeModel(Path dir) throws Exception {
    Files.createDirectories(dir);
    byte[] onnx = tinyModel();
    Files.write(dir.resolve("tiny.onnx"), onnx);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
    String description =
        String.join(
            "\n",
            "name=tiny-mean-colour-512",
            "file=tiny.onnx",
            "sha256=" + sha,
            "licence=test model, no licence needed",
            "input.name=input",
            "input.size=112",
            "input.layout=NCHW",
            "input.channels=BGR",
            "input.mean=127.5,127.5,127.5",
            "input.std=127.5,127.5,127.5",
            "output.name=output",
            "alignment.template=38.29,51.70,73.53,51.50,56.03,71.74,56.14,92.28",
            "embedding.size=" + DIMENSIONS,
            "embedding.mirrorAverage=enrolment",
            "metric=cosine",
            "threshold.match=0.9",
            "threshold.duplicate=0.95",
            "threshold.identify=0.85",
            "");
    Path file = dir.resolve("tiny.properties");
    Files.writeString(file, description, StandardCharsets.UTF_8);
    return file;
  }

  /** input [N,3,H,W] -> GlobalAveragePool -> Flatten -> MatMul(W [3,512]) -> output [N,512]. */
  private static byte[] tinyModel() {
    ByteBuffer weights = ByteBuffer.allocate(3 * DIMENSIONS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < DIMENSIONS; k++) {
        weights.putFloat((float) Math.sin(1 + c * 7.0 + k * 0.37));
      }
    }
    Proto w = new Proto().ints(1, 3).ints(1, DIMENSIONS).varint(2, 1).string(8, "W").bytes(9, weights.array());
    Proto graph =
        new Proto()
            .message(1, node("GlobalAveragePool", "input", "pooled"))
            .message(1, node("Flatten", "pooled", "flat"))
            .message(1, new Proto().string(1, "flat").string(1, "W").string(2, "output").string(4, "MatMul"))
            .string(2, "tiny")
            .message(5, w)
            .message(11, valueInfo("input"))
            .message(12, valueInfo("output"));
    return new Proto()
        .varint(1, 7) // ir_version
        .string(2, "idv-local test")
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13)) // opset 13
        .toBytes();
  }

  private static Proto node(String op, String in, String out) {
    return new Proto().string(1, in).string(2, out).string(4, op);
  }

  private static Proto valueInfo(String name) {
    // TypeProto.tensor_type { elem_type: FLOAT }, shape left open
    return new Proto().string(1, name).message(2, new Proto().message(1, new Proto().varint(1, 1)));
  }

  /** Just enough protobuf encoding for an ONNX model. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    Proto varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
      return this;
    }

    Proto ints(int field, long value) {
      return varint(field, value);
    }

    Proto bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.writeBytes(value);
      return this;
    }

    Proto string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto value) {
      return bytes(field, value.toBytes());
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }
}
