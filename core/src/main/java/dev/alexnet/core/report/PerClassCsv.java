// Per-class test figures of a run (per_class.csv): precision, recall, F1 and support of every class.
package dev.alexnet.core.report;

import dev.alexnet.core.train.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code class,precision,recall,f1,support}, one line per class in label order (scikit-learn's classification_report). */
public final class PerClassCsv {
    private PerClassCsv() {}

    public static final String HEADER = "class,precision,recall,f1,support";

    /** One class's figures; zero-division cases are 0 as in {@link ConfusionMatrix}. */
    public record Row(String name, double precision, double recall, double f1, long support) {}

    public static List<Row> rows(ConfusionMatrix cm, List<String> names) {
        if (names.size() != cm.classes()) throw new IllegalArgumentException(cm.classes() + " classes but " + names.size() + " names");
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < cm.classes(); c++) rows.add(new Row(names.get(c), cm.precision(c), cm.recall(c), cm.f1(c), cm.support(c)));
        return rows;
    }

    public static String format(ConfusionMatrix cm, List<String> names) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : rows(cm, names)) {
            if (r.name().contains(",")) throw new IllegalArgumentException("class name with a comma: " + r.name());
            sb.append(String.format(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%d%n", r.name(), r.precision(), r.recall(), r.f1(), r.support()));
        }
        return sb.toString();
    }
}
