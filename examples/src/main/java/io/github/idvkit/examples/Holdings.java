package io.github.idvkit.examples;

import io.github.idvkit.StoredImage;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.IndexedFace;
import java.util.List;

/**
 * What a provider stores for one user, read straight from its stores: the indexed faces, the
 * stored images and the face records.
 *
 * @param faces the user's faces in the face index
 * @param images the user's images in the image store
 * @param records the user's face records
 */
public record Holdings(List<IndexedFace> faces, List<StoredImage> images, List<FaceRecord> records) {

  /**
   * Copies the lists.
   *
   * @param faces the faces
   * @param images the images
   * @param records the records
   */
  public Holdings {
    faces = List.copyOf(faces);
    images = List.copyOf(images);
    records = List.copyOf(records);
  }

  /**
   * Tells whether nothing at all is stored for the user.
   *
   * @return {@code true} if there is no face, image or record
   */
  public boolean isEmpty() {
    return faces.isEmpty() && images.isEmpty() && records.isEmpty();
  }

  /**
   * Returns the counts, such as {@code 1 face, 1 image, 1 record}.
   *
   * @return the counts
   */
  public String counts() {
    return plural(faces.size(), "face") + ", " + plural(images.size(), "image") + ", "
        + plural(records.size(), "record");
  }

  /**
   * Returns a count with its noun, singular or plural.
   *
   * @param count the count
   * @param noun the singular noun
   * @return such as {@code 1 face} or {@code 0 faces}
   */
  public static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
