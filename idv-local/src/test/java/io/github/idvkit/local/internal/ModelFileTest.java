package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelFileTest {

  @Test
  void load_blazeFace_matchesRecordedSha256() throws Exception {
    byte[] bytes = ModelFile.BLAZEFACE_BACK.load();

    assertThat(bytes).hasSize(603_432);
    assertThat(ModelFile.sha256(bytes)).isEqualTo(ModelFile.BLAZEFACE_BACK.sha256());
  }

  @Test
  void load_dlibDescriptor_matchesRecordedSha256AndStaysSmall() throws Exception {
    byte[] bytes = ModelFile.DLIB_DESCRIPTOR.load();

    assertThat(ModelFile.sha256(bytes)).isEqualTo(ModelFile.DLIB_DESCRIPTOR.sha256());
    assertThat(bytes.length).isBetween(6_000_000, 7_000_000);
  }

  @Test
  void provenance_listsEveryModelWithItsSha256() throws Exception {
    String provenance;
    try (InputStream in =
        ModelFile.class.getResourceAsStream("/io/github/idvkit/local/models/PROVENANCE.md")) {
      provenance = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    for (ModelFile model : new ModelFile[] {ModelFile.BLAZEFACE_BACK, ModelFile.DLIB_DESCRIPTOR}) {
      assertThat(provenance).contains(model.fileName()).contains(model.sha256());
    }
  }

  @Test
  void licences_shipNextToTheModels() {
    assertThat(ModelFile.class.getResource("/io/github/idvkit/local/models/LICENSE-blazeface-Apache-2.0.txt"))
        .isNotNull();
    assertThat(ModelFile.class.getResource("/io/github/idvkit/local/models/LICENSE-face-api-MIT.txt"))
        .isNotNull();
  }
}
