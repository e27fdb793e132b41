package io.github.idvkit.benchmarks;

import io.github.idvkit.FaceImage;
import io.github.idvkit.testkit.TestFaces;
import java.util.ArrayList;
import java.util.List;

/**
 * A synthetic person: an ID photo (kept in S3), a selfie to register with and another to log in
 * with, all {@code TestFaces} images of one identity that the local endpoint's fakes recognise.
 */
record Subject(String name, byte[] idPhoto, byte[] selfie, byte[] loginSelfie) {

  static Subject of(String name) {
    var person = TestFaces.subject(name);
    return new Subject(name, person.image(0).bytes(), camera(person.image(1)), camera(person.image(2)));
  }

  /**
   * The selfie as a phone app sends it: a plain JPEG within the limits, 480 pixels square with a
   * little sensor noise (the painted test faces are 240-pixel PNGs, which idv would decode to
   * check). The tutorial gets the same bytes.
   */
  private static byte[] camera(FaceImage painted) {
    return PhonePhoto.make(painted.bytes(), 480, 1, 2, 0.9f, false);
  }

  static List<Subject> many(String prefix, int count) {
    List<Subject> subjects = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      subjects.add(of(prefix + "-" + i));
    }
    return subjects;
  }

  /** The user id idv registers, shaped like an application's (an e-mail address). */
  String userId() {
    return name + "@example.com";
  }

  /** The key of the ID photo in {@link AwsRig#ID_BUCKET}. */
  String idKey() {
    return "ids/" + name + ".png";
  }
}
