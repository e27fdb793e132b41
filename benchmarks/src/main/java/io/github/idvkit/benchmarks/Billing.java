package io.github.idvkit.benchmarks;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which Rekognition operations are billed per image: the pricing page's Group 1 (CompareFaces,
 * IndexFaces, SearchFaces, SearchFacesByImage, AssociateFaces, DisassociateFaces, SearchUsers,
 * SearchUsersByImage) and Group 2 (DetectFaces, ...) as transcribed in shared/research/anchors.md.
 * Collection and user management and listings (CreateUser, ListFaces, DeleteFaces, ...) are not
 * billed per call.
 */
final class Billing {

  static final Set<String> BILLED =
      Set.of(
          "CompareFaces",
          "IndexFaces",
          "SearchFaces",
          "SearchFacesByImage",
          "AssociateFaces",
          "DisassociateFaces",
          "SearchUsers",
          "SearchUsersByImage",
          "DetectFaces");

  private Billing() {}

  static int billed(Map<String, Integer> calls) {
    return calls.entrySet().stream()
        .filter(e -> BILLED.contains(e.getKey()))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  static int all(Map<String, Integer> calls) {
    return calls.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** {@code "DetectFaces 1, SearchUsersByImage 1"}, billed operations in bold-free order. */
  static String describe(Map<String, Integer> calls, int flows) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(calls)
        .forEach(
            (operation, count) -> {
              if (count == 0) {
                return;
              }
              if (out.length() > 0) {
                out.append(", ");
              }
              out.append(operation);
              if (!BILLED.contains(operation)) {
                out.append(" (free)");
              }
              double perFlow = (double) count / flows;
              out.append(perFlow == Math.rint(perFlow) ? " " + (long) perFlow : Report.f(" %.2f", perFlow));
            });
    return out.toString();
  }
}
