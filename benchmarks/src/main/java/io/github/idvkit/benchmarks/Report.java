package io.github.idvkit.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The run's results: markdown sections, a list of targets, and notes; printed at the end. */
final class Report {

  private final List<String> sections = new ArrayList<>();
  private final List<String[]> targets = new ArrayList<>();

  /** A markdown table under a heading. */
  static final class Table {
    private final String title;
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String title, String... header) {
      this.title = title;
      this.header = header;
    }

    Table row(Object... cells) {
      String[] row = new String[cells.length];
      for (int i = 0; i < cells.length; i++) {
        row[i] = String.valueOf(cells[i]);
      }
      rows.add(row);
      return this;
    }

    Table note(String format, Object... args) {
      notes.add(String.format(Locale.ROOT, format, args));
      return this;
    }

    String render() {
      StringBuilder out = new StringBuilder();
      out.append("### ").append(title).append("\n\n");
      out.append("| ").append(String.join(" | ", header)).append(" |\n");
      out.append("|").append(" --- |".repeat(header.length)).append("\n");
      for (String[] row : rows) {
        out.append("| ").append(String.join(" | ", row)).append(" |\n");
      }
      if (!notes.isEmpty()) {
        out.append("\n");
        for (String note : notes) {
          out.append(note).append("\n");
        }
      }
      return out.toString();
    }
  }

  synchronized void add(Table table) {
    sections.add(table.render());
  }

  synchronized void text(String markdown) {
    sections.add(markdown);
  }

  /**
   * Records a target.
   *
   * @param what the measure, e.g. "login latency vs tutorial"
   * @param target the target, e.g. "≤ 0.55×"
   * @param measured the measured value
   * @param met whether it is met
   */
  synchronized void target(String what, String target, String measured, boolean met) {
    targets.add(new String[] {what, target, measured, met ? "met" : "**missed**"});
  }

  synchronized String render(String header) {
    StringBuilder out = new StringBuilder(header).append("\n");
    if (!targets.isEmpty()) {
      Table summary = new Table("Targets", "measure", "target", "measured", "");
      targets.forEach(t -> summary.row((Object[]) t));
      out.append(summary.render()).append("\n");
    }
    // Sections run in the order that keeps them from disturbing each other; they print by number.
    sections.stream().sorted().forEach(section -> out.append(section).append("\n"));
    return out.toString();
  }

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
